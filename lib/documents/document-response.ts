import { etagOf } from "./etag";

/** Stored renderings never change: a year, no revalidation; private because documents are per account, behind auth. */
export const IMMUTABLE_PRIVATE_CACHE_CONTROL = "private, max-age=31536000, immutable";

/** A stored rendering to download, or `notModified` when the client's If-None-Match already names it. */
export type DocumentDownload =
  | { filename: string; contentType: string; sha256: string; notModified: true }
  | { filename: string; contentType: string; sha256: string; notModified: false; bytes: Buffer };

/** The HTTP response of a document download: the stored bytes as an attachment, or 304 with the same validators. */
export function documentResponse(download: DocumentDownload): Response {
  const headers: Record<string, string> = { etag: etagOf(download.sha256), "cache-control": IMMUTABLE_PRIVATE_CACHE_CONTROL };
  if (download.notModified) return new Response(null, { status: 304, headers });
  return new Response(new Uint8Array(download.bytes), {
    status: 200,
    headers: {
      ...headers,
      "content-type": download.contentType,
      "content-disposition": `attachment; filename="${download.filename}"`,
      "content-length": String(download.bytes.byteLength),
    },
  });
}
