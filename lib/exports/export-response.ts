import type { Executor } from "@/lib/db";
import type { IstPeriod } from "@/lib/validation/ist-period";
import type { ExportKind } from "./export-sources";
import { EXPORT_CONTENT_TYPES, exportFileName, streamExport, type ExportFormat } from "./stream-export";

/** The download: the streamed file as an attachment named after its kind and period, never cached. */
export function exportResponse(db: Executor, accountId: string, input: { kind: ExportKind; period: IstPeriod; format: ExportFormat }): Response {
  return new Response(streamExport(db, accountId, input.kind, input.period, input.format), {
    status: 200,
    headers: {
      "content-type": EXPORT_CONTENT_TYPES[input.format],
      "content-disposition": `attachment; filename="${exportFileName(input.kind, input.period, input.format)}"`,
      "cache-control": "no-store",
      "x-content-type-options": "nosniff",
    },
  });
}
