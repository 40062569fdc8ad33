import { AppError } from "@/lib/errors";

export const DEFAULT_MAX_BODY_BYTES = 64 * 1024;

/** The raw body, refused with 413 beyond `maxBytes` (declared or actual). */
export async function readBody(request: Request, maxBytes: number): Promise<string> {
  const declared = Number(request.headers.get("content-length") ?? "0");
  if (declared > maxBytes) throw new AppError("payload_too_large", `Request body is larger than ${maxBytes} bytes.`);
  const text = await request.text();
  if (Buffer.byteLength(text) > maxBytes) throw new AppError("payload_too_large", `Request body is larger than ${maxBytes} bytes.`);
  return text;
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
