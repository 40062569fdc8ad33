import http from "node:http";
import { expect, test } from "@playwright/test";
import pg from "pg";
import { BASE_URL, anonymousClient } from "../fixtures";

/**
 * Sends `totalBytes` to `path` chunked (no Content-Length), as fast as the server takes it, and reports the
 * answer and how many bytes were written before the server answered or closed the connection.
 */
function chunkedUpload(path: string, totalBytes: number): Promise<{ status: number; body: string; bytesWritten: number }> {
  const url = new URL(path, BASE_URL);
  return new Promise((resolve, reject) => {
    let bytesWritten = 0;
    let answered = false;
    const req = http.request({ host: url.hostname, port: url.port, path: url.pathname, method: "POST", headers: { "content-type": "application/json" } });
    const chunk = Buffer.alloc(64 * 1024, 0x20);
    const pump = () => {
      while (!answered && bytesWritten < totalBytes) {
        bytesWritten += chunk.length;
        if (!req.write(chunk)) return void req.once("drain", pump);
      }
      if (!answered) req.end();
    };
    req.on("response", (res) => {
      answered = true;
      let body = "";
      res.on("data", (d: Buffer) => (body += d.toString()));
      res.on("end", () => resolve({ status: res.statusCode ?? 0, body, bytesWritten }));
      res.on("error", () => resolve({ status: res.statusCode ?? 0, body, bytesWritten }));
    });
    // The server closes once it has answered: writes after that fail, which is expected.
    req.on("error", (error) => (answered ? undefined : reject(error)));
    pump();
  });
}

test("a chunked body with no Content-Length past 64 KiB gets the 413 envelope, long before the upload ends", async () => {
  const total = 64 * 1024 * 1024;
  const res = await chunkedUpload("/api/v1/payments/webhook", total);
  expect(res.status).toBe(413);
  const body = JSON.parse(res.body) as { success: boolean; error: { code: string; status: number } };
  expect(body).toMatchObject({ success: false, error: { code: "payload_too_large", status: 413 } });
  expect(res.bytesWritten).toBeLessThan(total / 4);
});

test("X-Forwarded-For does not evade the per-IP limit on invalid API keys (TRUSTED_PROXY_COUNT=0)", async () => {
  const client = await anonymousClient();
  const statuses: number[] = [];
  try {
    for (let i = 0; i < 35; i++) {
      const res = await client.get("/api/v1/balance", { headers: { "x-api-key": `cm_guess_${i}`, "x-forwarded-for": `198.18.${i}.1` } });
      statuses.push(res.status());
      if (res.status() === 429) {
        expect(Number(res.headers()["retry-after"])).toBeGreaterThanOrEqual(1);
        expect(((await res.json()) as { error: { code: string } }).error.code).toBe("rate_limit_exceeded");
      }
    }
    expect(statuses.filter((s) => s === 401).length).toBeLessThanOrEqual(30);
    expect(statuses.slice(-5)).toEqual([429, 429, 429, 429, 429]);
  } finally {
    // Every e2e caller shares this "direct" budget: give the later specs (which expect 401 for a revoked key) a fresh one.
    const db = new pg.Client({ connectionString: process.env.DATABASE_URL });
    await db.connect();
    await db.query("delete from rate_limit_buckets where key = 'ip:invalid-api-key:direct'");
    await db.end();
  }
});

test("a direct POST to Auth.js's credentials callback with an oversized body is refused with 413", async () => {
  const client = await anonymousClient();
  const res = await client.post("/api/auth/callback/credentials", {
    headers: { "content-type": "application/x-www-form-urlencoded" },
    data: `email=a%40b.c&password=${"x".repeat(32 * 1024)}`,
  });
  expect(res.status()).toBe(413);
  expect(((await res.json()) as { error: { code: string } }).error.code).toBe("payload_too_large");
});
