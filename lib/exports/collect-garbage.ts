import { setFlagsFromString } from "node:v8";
import { runInNewContext } from "node:vm";

let gc: (() => void) | null = null;

/**
 * A full V8 collection, now. An export's garbage (query rows, CSV text; exceljs row models, XML strings and 64 KB
 * sheet chunks) lives across the waits for PostgreSQL, zlib and the client, so it is promoted to the old generation,
 * which V8 lets grow to several times the live heap before it marks: the process's RSS then rises by 30–190 MB during
 * a large export although the live heap stays flat (forced collections mid-export find it at its idle size).
 * Collecting every so many rows keeps the peak near the live heap. `--expose-gc` set at run time only makes `gc`
 * reachable; it changes nothing else.
 */
export function collectGarbage(): void {
  if (!gc) {
    const exposed = (globalThis as { gc?: () => void }).gc;
    if (exposed) gc = exposed;
    else {
      setFlagsFromString("--expose-gc");
      gc = runInNewContext("gc") as () => void;
    }
  }
  gc();
}
