import { sql } from "drizzle-orm";
import { expect, it } from "vitest";
import { AppError } from "@/lib/errors";
import { describeWithDatabase } from "@/lib/testing/database";
import { createAccount } from "@/lib/testing/factories";
import { authenticateApiKey } from "./authenticate-api-key";
import { createApiKey } from "./create-api-key";
import { hashApiKey } from "./hash-key";
import { listApiKeys } from "./list-api-keys";
import { regenerateApiKey } from "./regenerate-api-key";
import { revokeApiKey } from "./revoke-api-key";
import { toApiKeyView } from "./api-key-view";

describeWithDatabase("API key lifecycle", (ctx) => {
  it("create → use → revoke fails at once; regenerate → old fails, new works; only hashes stored", async () => {
    const { accountId, ownerId } = await createAccount(ctx.db, { plan: "pro" });
    const raws: string[] = [];

    const created = await createApiKey(ctx.db, { accountId, name: "server", createdByUserId: ownerId });
    raws.push(created.key);
    expect(created.key).toMatch(/^cm_[A-Za-z0-9_-]{43}$/);
    expect(toApiKeyView(created.apiKey)).toMatchObject({ name: "server", prefix: created.key.slice(0, 10), status: "active", last_used_at: null });
    expect(created.apiKey).not.toHaveProperty("keyHash");
    expect(JSON.stringify(created.apiKey)).not.toContain(created.key);

    const actor = await authenticateApiKey(ctx.db, created.key);
    expect(actor).toMatchObject({ apiKeyId: created.apiKey.id, accountId, plan: "pro", apiKeyPrefix: created.apiKey.prefix });
    const [listed] = await listApiKeys(ctx.db, accountId);
    expect(listed!.lastUsedAt).toBeInstanceOf(Date);
    expect(listed).not.toHaveProperty("keyHash");
    expect(JSON.stringify(listed)).not.toContain(created.key);

    // Regenerate: same key id, new secret; the old secret fails at once.
    const regenerated = await regenerateApiKey(ctx.db, { accountId, keyId: created.apiKey.id });
    raws.push(regenerated.key);
    expect(regenerated.apiKey.id).toBe(created.apiKey.id);
    expect(regenerated.key).not.toBe(created.key);
    expect(await authenticateApiKey(ctx.db, created.key)).toBeNull();
    expect(await authenticateApiKey(ctx.db, regenerated.key)).toMatchObject({ apiKeyId: created.apiKey.id });

    // Revoke: fails at once; a second revoke is a no-op; regenerate of a revoked key is refused.
    const revoked = await revokeApiKey(ctx.db, { accountId, keyId: created.apiKey.id });
    expect(toApiKeyView(revoked).status).toBe("revoked");
    expect(await authenticateApiKey(ctx.db, regenerated.key)).toBeNull();
    expect((await revokeApiKey(ctx.db, { accountId, keyId: created.apiKey.id })).revokedAt).toEqual(revoked.revokedAt);
    await expect(regenerateApiKey(ctx.db, { accountId, keyId: created.apiKey.id })).rejects.toMatchObject({ code: "conflict" });

    const second = await createApiKey(ctx.db, { accountId, name: "worker", createdByUserId: ownerId });
    raws.push(second.key);
    expect((await listApiKeys(ctx.db, accountId)).map((k) => [k.name, toApiKeyView(k).status])).toEqual([
      ["worker", "active"],
      ["server", "revoked"],
    ]);

    // Only hashes in the database: no row of api_keys contains any raw key (or its secret part).
    const rows = (await ctx.db.execute(sql`select row_to_json(k)::text as j from api_keys k`)) as unknown;
    const texts = (Array.isArray(rows) ? rows : (rows as { rows: unknown[] }).rows).map((r) => (r as { j: string }).j);
    expect(texts.length).toBeGreaterThanOrEqual(2);
    for (const raw of raws) {
      for (const text of texts) {
        expect(text).not.toContain(raw);
        expect(text).not.toContain(raw.slice(10));
      }
    }
    expect(texts.join("\n")).toContain(hashApiKey(second.key));
  });

  it("another account's key id is not found (revoke and regenerate)", async () => {
    const a = await createAccount(ctx.db);
    const b = await createAccount(ctx.db);
    const { apiKey, key } = await createApiKey(ctx.db, { accountId: a.accountId, name: "a", createdByUserId: a.ownerId });
    for (const act of [revokeApiKey, regenerateApiKey]) {
      const error = await act(ctx.db, { accountId: b.accountId, keyId: apiKey.id }).catch((e: unknown) => e);
      expect(error).toBeInstanceOf(AppError);
      expect(error).toMatchObject({ code: "not_found" });
    }
    expect(await authenticateApiKey(ctx.db, key)).not.toBeNull();
  });

  it("refuses malformed and unknown keys without a database hit on the hash", async () => {
    expect(await authenticateApiKey(ctx.db, "cm_short")).toBeNull();
    expect(await authenticateApiKey(ctx.db, `cm_${"x".repeat(43)}`)).toBeNull();
    expect(await authenticateApiKey(ctx.db, "sk_live_whatever_1234567890abcdef")).toBeNull();
  });
});
