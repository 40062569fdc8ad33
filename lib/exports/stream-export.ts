import { once } from "node:events";
import { PassThrough } from "node:stream";
import type { Executor } from "@/lib/db";
import { log } from "@/lib/log";
import type { IstPeriod } from "@/lib/validation/ist-period";
import { collectGarbage } from "./collect-garbage";
import { EXPORT_SOURCES, type ExportKind } from "./export-sources";
import { csvHeader, csvRow } from "./write-csv";

export const EXPORT_FORMATS = ["csv", "xlsx"] as const;
export type ExportFormat = (typeof EXPORT_FORMATS)[number];

export const EXPORT_CONTENT_TYPES: Record<ExportFormat, string> = {
  csv: "text/csv; charset=utf-8",
  xlsx: "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
};

/** Bytes buffered between the writer and the response before the producer waits for the client. */
const HIGH_WATER_BYTES = 256 * 1024;

/**
 * Rows between two full collections (collect-garbage.ts). Without them V8 lets the export's promoted garbage grow the
 * old generation to several times the live heap before it marks (measured on `next start`: CSV 1M rows peaked at
 * 355 MB over a 168 MB idle process, in a sawtooth; the live heap stayed flat). Each collection takes 20–40 ms of
 * the event loop here; 1M rows make 100 of them, a few seconds of the export.
 */
export const ROWS_PER_COLLECTION = 10_000;

export function exportFileName(kind: ExportKind, period: IstPeriod, format: ExportFormat): string {
  const span = [period.from ?? "start", period.to ?? "today"].join("_");
  return `khata-${kind.replace("_", "-")}-${span}.${format}`;
}

async function writeWithRoom(out: PassThrough, chunk: string): Promise<void> {
  if (!out.write(chunk)) await once(out, "drain");
}

/** Waits while the response has not taken what was written (the XLSX writer writes through its zip stream). */
async function room(out: PassThrough): Promise<void> {
  if (out.writableNeedDrain) await once(out, "drain");
}

async function produce(out: PassThrough, db: Executor, accountId: string, kind: ExportKind, period: IstPeriod, format: ExportFormat) {
  const source = EXPORT_SOURCES[kind];
  let sinceCollection = 0;
  const collectEvery = (rows: number) => {
    sinceCollection += rows;
    if (sinceCollection < ROWS_PER_COLLECTION) return;
    sinceCollection = 0;
    collectGarbage();
  };
  if (format === "csv") {
    await writeWithRoom(out, csvHeader(source.columns));
    for await (const batch of source.batches(db, accountId, period)) {
      await writeWithRoom(out, batch.map((cells) => csvRow(source.columns, cells)).join(""));
      collectEvery(batch.length);
    }
    out.end();
    return;
  }
  // Loaded on the first XLSX export only: exceljs' writer and archiver add ~16 MB to the process when required.
  const { openXlsx } = await import("./write-xlsx");
  const xlsx = openXlsx(out, source.sheet, source.columns);
  for await (const batch of source.batches(db, accountId, period)) {
    for (const cells of batch) xlsx.addRow(cells);
    await xlsx.settled();
    await room(out);
    collectEvery(batch.length);
  }
  await xlsx.close();
}

/**
 * An export as a byte stream, produced as the client reads it: keyset batches from PostgreSQL (EXPORT_BATCH_ROWS at
 * a time, no transaction held), each written out before the next is fetched, and the producer waits whenever
 * HIGH_WATER_BYTES are buffered. Memory is one batch plus the buffer, whatever the row count, and a full collection
 * every ROWS_PER_COLLECTION rows returns the garbage before V8 would. A failure after
 * the first bytes can only abort the download (the status is sent); it is logged.
 */
export function streamExport(db: Executor, accountId: string, kind: ExportKind, period: IstPeriod, format: ExportFormat): ReadableStream<Uint8Array> {
  const out = new PassThrough({ highWaterMark: HIGH_WATER_BYTES });
  let started = false;
  const start = () => {
    if (started) return;
    started = true;
    produce(out, db, accountId, kind, period, format).catch((error: unknown) => {
      log.error("export failed while streaming", { err: error instanceof Error ? error.message : String(error), kind, format });
      out.destroy(error instanceof Error ? error : new Error(String(error)));
    });
  };
  const chunks = out[Symbol.asyncIterator]() as AsyncIterator<Buffer>;
  return new ReadableStream<Uint8Array>({
    async pull(controller) {
      start();
      try {
        const { value, done } = await chunks.next();
        if (done) controller.close();
        else controller.enqueue(new Uint8Array(value.buffer, value.byteOffset, value.byteLength));
      } catch (error) {
        controller.error(error);
      }
    },
    cancel() {
      out.destroy();
    },
  });
}
