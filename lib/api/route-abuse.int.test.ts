import { beforeAll, expect, it, vi } from "vitest";
import { createApiKey } from "@/lib/api-keys/create-api-key";
import { describeWithDatabase } from "@/lib/testing/database";
import { createAccount } from "@/lib/testing/factories";
import { apiRoute } from "./route";

vi.mock("@/lib/auth/auth", () => ({ currentUserId: async () => null }));
vi.mock("next/headers", () => ({ cookies: async () => ({ get: () => undefined }) }));

describeWithDatabase("apiRoute abuse limits", (ctx) => {
  beforeAll(() => {
    (globalThis as unknown as { __khataDb?: Promise<unknown> }).__khataDb = Promise.resolve({ db: ctx.db, url: ctx.url, close: async () => {} });
  });

  const balance = apiRoute({ auth: "session_or_api_key", action: "machine:balance" }, async () => ({ body: { ok: true } }));
  const webhook = apiRoute({ auth: "public", rawBodyOnly: true }, async ({ rawBody }) => ({ body: { bytes: rawBody.length } }));

  it("invalid API keys: 30 a minute per IP, then 429 — a changing X-Forwarded-For (TRUSTED_PROXY_COUNT=0) evades nothing; valid keys pass", async () => {
    const statuses = [];
    for (let i = 0; i < 35; i++) {
      const res = await balance(
        new Request("http://localhost/api/v1/balance", { headers: { "x-api-key": `cm_guess_${i}`, "x-forwarded-for": `198.18.0.${i}` } }),
      );
      statuses.push(res.status);
      if (res.status === 429) {
        expect(Number(res.headers.get("retry-after"))).toBeGreaterThanOrEqual(1);
        expect(((await res.json()) as { error: { code: string } }).error.code).toBe("rate_limit_exceeded");
      }
    }
    expect(statuses.filter((s) => s === 401)).toHaveLength(30);
    expect(statuses.filter((s) => s === 429)).toHaveLength(5);
    const { accountId, ownerId } = await createAccount(ctx.db);
    const { key } = await createApiKey(ctx.db, { accountId, name: "valid", createdByUserId: ownerId });
    expect((await balance(new Request("http://localhost/api/v1/balance", { headers: { "x-api-key": key } }))).status).toBe(200);
  });

  it("a chunked body past the limit gets the 413 envelope, and the stream is not read to its end", async () => {
    let pulled = 0;
    const body = new ReadableStream<Uint8Array>({
      pull(controller) {
        if (pulled >= 5_000) return controller.close(); // 5000 × 64 KiB ≈ 300 MiB if it were read whole
        pulled++;
        controller.enqueue(new Uint8Array(64 * 1024));
      },
    });
    const res = await webhook(new Request("http://localhost/api/v1/payments/webhook", { method: "POST", body, duplex: "half" } as RequestInit));
    expect(res.status).toBe(413);
    expect(res.headers.get("connection")).toBe("close");
    expect(((await res.json()) as { error: { code: string } }).error.code).toBe("payload_too_large");
    expect(pulled).toBeLessThan(5);
  });
});
