import { setFlagsFromString } from "node:v8";
import { runInNewContext } from "node:vm";

let gc: (() => void) | null = null;

/**
 * A full V8 collection, now. The XLSX writer's garbage (exceljs row models, XML strings, 64 KB sheet chunks) lives
 * across the waits for zlib and the client, so it is promoted to the old generation, which V8 lets grow to several
 * times the live heap before it marks: the process's RSS then rises by ~100 MB during a large export although the
 * live heap stays flat. Collecting every so many rows keeps the peak at the live heap. `--expose-gc` set at run
 * time only makes `gc` reachable; it changes nothing else.
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
