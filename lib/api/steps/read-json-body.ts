import { AppError } from "@/lib/errors";
import { log } from "@/lib/log";

export const DEFAULT_MAX_BODY_BYTES = 64 * 1024;

const tooLarge = (maxBytes: number) =>
  new AppError("payload_too_large", `Request body is larger than ${maxBytes} bytes.`, { details: { max_bytes: maxBytes } });

/** Codes whose answer should also close the connection: the rest of the upload is not read. */
export const CLOSE_CONNECTION_CODES = new Set(["payload_too_large", "request_aborted"]);

/**
 * The raw body, read as a stream with a running byte count: refused with 413 as soon as it passes `maxBytes`,
 * whether or not a Content-Length was sent, so an endless chunked upload costs at most `maxBytes` of memory. The
 * rest is left unread (the 413 goes out with `Connection: close`). A client that breaks off its upload is a
 * 400 `request_aborted`, logged as such — not a failing database.
 */
export async function readBody(request: Request, maxBytes: number): Promise<string> {
  const declared = Number(request.headers.get("content-length") ?? "0");
  if (declared > maxBytes) throw tooLarge(maxBytes);
  if (!request.body) return "";
  const reader = request.body.getReader();
  const chunks: Uint8Array[] = [];
  let bytes = 0;
  for (;;) {
    let next: ReadableStreamReadResult<Uint8Array>;
    try {
      next = await reader.read();
    } catch (error) {
      log.info("request body aborted by the client", { bytesRead: bytes, error: error instanceof Error ? error.message : String(error) });
      throw new AppError("request_aborted", "The request body ended before it was complete.", { cause: error });
    }
    if (next.done) break;
    bytes += next.value.byteLength;
    if (bytes > maxBytes) {
      reader.releaseLock();
      throw tooLarge(maxBytes);
    }
    chunks.push(next.value);
  }
  return Buffer.concat(chunks, bytes).toString("utf8");
}

/** An empty body is `{}`; anything else must be JSON sent as JSON. */
export function parseJsonBody(text: string, contentType: string | null): unknown {
  if (text.trim() === "") return {};
  if (!contentType || !/^application\/([a-z.+-]*\+)?json\b/i.test(contentType)) {
    throw new AppError("unsupported_media_type", "Send the request body as JSON with Content-Type: application/json.");
  }
  try {
    return JSON.parse(text);
  } catch {
    throw new AppError("invalid_json", "The request body is not valid JSON.");
  }
}
