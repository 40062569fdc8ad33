import { describe, expect, it } from "vitest";
import { AppError } from "@/lib/errors";
import { errorResponse } from "./map-error";
import { readBody } from "./read-json-body";

/** A chunked upload (no Content-Length) of `chunks` × `chunkBytes`, counting how many chunks the reader pulled. */
function chunkedRequest(chunks: number, chunkBytes: number, { failAfter }: { failAfter?: number } = {}) {
  let pulled = 0;
  const body = new ReadableStream<Uint8Array>({
    pull(controller) {
      if (failAfter !== undefined && pulled >= failAfter) {
        // What undici reports when the client's socket goes away mid-upload.
        controller.error(Object.assign(new TypeError("terminated"), { cause: Object.assign(new Error("aborted"), { code: "ECONNRESET" }) }));
        return;
      }
      if (pulled >= chunks) return controller.close();
      pulled++;
      controller.enqueue(new Uint8Array(chunkBytes).fill(120));
    },
  });
  const request = new Request("http://app.test/api/v1/payments/webhook", { method: "POST", body, duplex: "half" } as RequestInit);
  return { request, pulled: () => pulled };
}

const codeOf = async (p: Promise<unknown>) => {
  try {
    await p;
    return "read";
  } catch (error) {
    return error instanceof AppError ? error.code : String(error);
  }
};

describe("streamed body limit", () => {
  it("a chunked body without Content-Length is cut off once it passes the limit, not read to the end", async () => {
    const { request, pulled } = chunkedRequest(10_000, 16 * 1024);
    expect(await codeOf(readBody(request, 64 * 1024))).toBe("payload_too_large");
    expect(pulled()).toBeLessThanOrEqual(6); // 64 KiB / 16 KiB + the one that crossed it (+ one prefetched)
  });

  it("a declared Content-Length over the limit is refused before reading", async () => {
    const request = new Request("http://app.test/x", { method: "POST", body: "x".repeat(10), headers: { "content-length": "999999" } });
    expect(await codeOf(readBody(request, 100))).toBe("payload_too_large");
  });

  it("reads a body within the limit, multi-byte characters intact, and an absent body as empty", async () => {
    const text = JSON.stringify({ name: "₹ रुपया" });
    expect(await readBody(new Request("http://app.test/x", { method: "POST", body: text }), 1024)).toBe(text);
    expect(await readBody(new Request("http://app.test/x", { method: "POST" }), 1024)).toBe("");
    const { request } = chunkedRequest(4, 1024);
    expect((await readBody(request, 4096)).length).toBe(4096);
  });

  it("an upload the client breaks off is a 400 request_aborted with Connection: close, not a 503 'database unavailable'", async () => {
    const { request } = chunkedRequest(100, 1024, { failAfter: 3 });
    const error = await readBody(request, 64 * 1024).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(AppError);
    const response = errorResponse(error, "req-1");
    expect(response.status).toBe(400);
    expect(response.headers.get("connection")).toBe("close");
    expect(((await response.json()) as { error: { code: string } }).error.code).toBe("request_aborted");
  });

  it("the 413 closes the connection too (the rest of the upload is never read)", async () => {
    const { request } = chunkedRequest(100, 64 * 1024);
    const response = errorResponse(await readBody(request, 1024).catch((e: unknown) => e), "req-2");
    expect(response.status).toBe(413);
    expect(response.headers.get("connection")).toBe("close");
  });
});
