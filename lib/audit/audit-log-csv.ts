import type { Executor } from "@/lib/db";
import { auditCsv } from "./audit-entry-view";
import { listAuditLog } from "./list-audit-log";
import type { AuditLogQuery } from "./schemas";

/** Operators: the filtered audit log as a CSV download, newest first; `X-Next-Cursor` names the next file's `before`. */
export async function auditLogCsvResponse(db: Executor, query: AuditLogQuery): Promise<Response> {
  const page = await listAuditLog(db, query);
  return new Response(auditCsv(page.entries), {
    status: 200,
    headers: {
      "content-type": "text/csv; charset=utf-8",
      "content-disposition": `attachment; filename="audit-log${query.account_id ? `-${query.account_id}` : ""}.csv"`,
      "cache-control": "no-store",
      ...(page.next_cursor ? { "x-next-cursor": page.next_cursor } : {}),
    },
  });
}
