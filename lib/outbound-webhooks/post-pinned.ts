import http from "node:http";
import https from "node:https";
import type { LookupFunction } from "node:net";
import type { ResolvedTarget } from "./webhook-target";

export const DELIVERY_TIMEOUT_MS = 10_000;

export interface PostResult {
  statusCode: number;
  latencyMs: number;
  /** Where a 3xx pointed (never followed). */
  location?: string;
}

/**
 * POSTs to the already-checked address: the socket connects to `target.address` whatever DNS says now (custom
 * lookup), while the Host header and TLS SNI/certificate check still use the hostname. Redirects are not
 * followed (node:http never follows them); the whole exchange is bounded by `timeoutMs`; at most 64 KB of the
 * response is read and discarded.
 */
export function postPinned(
  target: ResolvedTarget,
  input: { headers: Record<string, string>; body: string; timeoutMs?: number },
): Promise<PostResult> {
  const started = performance.now();
  const timeoutMs = input.timeoutMs ?? DELIVERY_TIMEOUT_MS;
  const lookup: LookupFunction = (_hostname, options, callback) => {
    if ((options as { all?: boolean }).all) {
      (callback as unknown as (e: null, a: Array<{ address: string; family: number }>) => void)(null, [
        { address: target.address, family: target.family },
      ]);
    } else callback(null, target.address, target.family);
  };
  const client = target.url.protocol === "https:" ? https : http;
  return new Promise<PostResult>((resolve, reject) => {
    const request = client.request(
      target.url,
      {
        method: "POST",
        headers: { ...input.headers, "content-length": String(Buffer.byteLength(input.body)) },
        lookup,
        agent: false,
        timeout: timeoutMs,
        ...(target.url.protocol === "https:" && !target.literalFamily ? { servername: target.hostname } : {}),
      },
      (response) => {
        let read = 0;
        response.on("data", (chunk: Buffer) => {
          read += chunk.length;
          if (read > 64 * 1024) response.destroy();
        });
        const finish = () =>
          resolve({
            statusCode: response.statusCode ?? 0,
            latencyMs: Math.round(performance.now() - started),
            ...(response.headers.location ? { location: String(response.headers.location) } : {}),
          });
        response.on("end", finish);
        response.on("close", finish);
        response.on("error", finish);
      },
    );
    const deadline = setTimeout(() => request.destroy(new Error(`timed out after ${timeoutMs} ms`)), timeoutMs);
    request.on("timeout", () => request.destroy(new Error(`timed out after ${timeoutMs} ms`)));
    request.on("error", (error) => reject(error));
    request.on("close", () => clearTimeout(deadline));
    request.end(input.body);
  });
}
