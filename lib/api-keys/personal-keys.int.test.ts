/**
 * Personal keys through the real routes and wrapper, on two app instances (two pools on the one database, as two
 * `next start` processes would have): every member creates their own key (shown once), it acts with that member's
 * role (a member's key is refused an admin's action with 403, an admin's is not), regenerate → the old secret 401 at
 * once on both instances, a role change or a removal kills the key, and service-key endpoints never touch it.
 */
import { and, eq } from "drizzle-orm";
import { afterAll, beforeAll, expect, it, vi } from "vitest";
import { createPersonalKey } from "@/lib/api-keys/create-personal-key";
import { openDatabase, type DbHandle } from "@/lib/db/connect";
import { accounts, apiKeys, ledgerEntries, memberships } from "@/lib/db/schema";
import { describeWithDatabase } from "@/lib/testing/database";
import { addMember, createAccount } from "@/lib/testing/factories";
import { sqlClient } from "@/lib/testing/sql-client";
import { checkInvariants } from "@/reliability/harness";

const session = vi.hoisted(() => ({ userId: null as string | null, db: null as unknown }));
vi.mock("@/lib/auth/auth", async () => {
  const { mockedCurrentSession } = await import("@/lib/testing/sessions");
  return { currentSession: mockedCurrentSession(session), currentUserId: async () => session.userId };
});
vi.mock("next/headers", () => ({ cookies: async () => ({ get: () => undefined }) }));

const personal = await import("@/app/api/v1/api-keys/personal/route");
const { POST: regenerateRoute } = await import("@/app/api/v1/api-keys/personal/regenerate/route");
const { POST: revokeRoute } = await import("@/app/api/v1/api-keys/personal/revoke/route");
const serviceKeys = await import("@/app/api/v1/api-keys/route");
const { POST: serviceRegenerateRoute } = await import("@/app/api/v1/api-keys/[key_id]/regenerate/route");
const { POST: serviceRevokeRoute } = await import("@/app/api/v1/api-keys/[key_id]/revoke/route");
const { GET: balanceRoute } = await import("@/app/api/v1/balance/route");
const { GET: profileRoute } = await import("@/app/api/v1/profile/route");
const budget = await import("@/app/api/v1/credits/budget/route");
const { POST: usageRoute } = await import("@/app/api/v1/usage/route");
const member = await import("@/app/api/v1/account/members/[userId]/route");
const { GET: membersRoute } = await import("@/app/api/v1/account/members/route");
const { POST: revokeMemberKeyRoute } = await import("@/app/api/v1/account/members/[userId]/revoke-key/route");

const ORIGIN = "http://localhost:3000";
type Handler = (r: Request, c?: never) => Promise<Response>;
type Instance = { db: unknown; url: string; close: () => Promise<void> };
const serveFrom = (instance: Instance) => {
  (globalThis as unknown as { __khataDb?: Promise<unknown> }).__khataDb = Promise.resolve(instance);
};

function call(handler: Handler, method: string, path: string, opts: { body?: unknown; key?: string; params?: Record<string, string> } = {}) {
  const request = new Request(`${ORIGIN}${path}`, {
    method,
    headers: {
      origin: ORIGIN,
      ...(opts.body === undefined ? {} : { "content-type": "application/json" }),
      ...(opts.key ? { "x-api-key": opts.key } : {}),
    },
    body: opts.body === undefined ? undefined : JSON.stringify(opts.body),
  });
  return handler(request, (opts.params ? { params: Promise.resolve(opts.params) } : undefined) as never);
}
const json = async (r: Response) => (await r.json()) as Record<string, unknown> & { error?: { code: string } };

describeWithDatabase("personal API keys", (ctx) => {
  let instanceA: DbHandle;
  let instanceB: DbHandle;
  const onA = () => serveFrom({ db: instanceA.db, url: ctx.url, close: async () => {} });
  const onB = () => serveFrom({ db: instanceB.db, url: ctx.url, close: async () => {} });
  /** The same request answered by each instance: the statuses, A then B. */
  const onBoth = async (handler: Handler, path: string, key: string) => {
    onA();
    const a = await call(handler, "GET", path, { key });
    onB();
    const b = await call(handler, "GET", path, { key });
    return [a.status, b.status];
  };

  beforeAll(() => {
    session.db = ctx.db;
    instanceA = openDatabase(ctx.url, { max: 2 });
    instanceB = openDatabase(ctx.url, { max: 2 });
  });
  afterAll(async () => {
    await instanceA.close();
    await instanceB.close();
  });

  async function createKeyAs(userId: string): Promise<{ key: string; id: string }> {
    session.userId = userId;
    const created = await call(personal.POST, "POST", "/api/v1/api-keys/personal");
    expect(created.status).toBe(201);
    const body = (await created.json()) as { key: string; key_shown_once: boolean; api_key: { id: string; kind: string; status: string } };
    expect(body).toMatchObject({ key_shown_once: true, api_key: { kind: "personal", status: "active" } });
    expect(body.key).toMatch(/^cm_/);
    session.userId = null;
    return { key: body.key, id: body.api_key.id };
  }

  it("every role gets one key of its own, shown once; it acts with that member's role, on both instances", async () => {
    onA();
    const { accountId, ownerId } = await createAccount(ctx.db, { balanceCredits: 100n });
    const admin = await addMember(ctx.db, accountId, "admin", { name: "Asha Admin" });
    const api = await addMember(ctx.db, accountId, "member", { name: "Mohan Member" });
    const keys = { owner: await createKeyAs(ownerId), admin: await createKeyAs(admin.id), member: await createKeyAs(api.id) };

    // Shown once: GET answers the key without its secret, and a second create is refused (regenerate instead).
    session.userId = api.id;
    const mine = await json(await call(personal.GET, "GET", "/api/v1/api-keys/personal"));
    expect(mine.api_key).toMatchObject({ id: keys.member.id, kind: "personal", status: "active" });
    expect(JSON.stringify(mine)).not.toContain(keys.member.key);
    const again = await call(personal.POST, "POST", "/api/v1/api-keys/personal");
    expect(again.status).toBe(409);
    // The account's service-key list does not show members' personal keys.
    session.userId = ownerId;
    const listed = (await json(await call(serviceKeys.GET, "GET", "/api/v1/api-keys"))) as { api_keys: { id: string }[] };
    expect(listed.api_keys.map((k) => k.id)).not.toContain(keys.member.id);
    session.userId = null;

    // /profile names the key's user and role; /balance answers every tier, on either instance.
    for (const [role, userId, name] of [["owner", ownerId, null], ["admin", admin.id, "Asha Admin"], ["member", api.id, "Mohan Member"]] as const) {
      onB();
      const profile = await json(await call(profileRoute, "GET", "/api/v1/profile", { key: keys[role].key }));
      expect(profile).toMatchObject({ account: { id: accountId }, api_key: { id: keys[role].id, kind: "personal" }, user: { id: userId, role } });
      if (name) expect((profile.user as { name: string }).name).toBe(name);
      expect(await onBoth(balanceRoute, "/api/v1/balance", keys[role].key)).toEqual([200, 200]);
    }

    // A member's key cannot do an admin's action: 403, nothing changes. The admin's key can.
    onA();
    const refused = await call(budget.PUT, "PUT", "/api/v1/credits/budget", { key: keys.member.key, body: { monthly_limit: 5 } });
    expect(refused.status).toBe(403);
    expect((await json(refused)).error?.code).toBe("insufficient_permissions");
    expect((await ctx.db.select().from(accounts).where(eq(accounts.id, accountId)))[0]!.monthlyBudgetCredits).toBeNull();
    const set = await call(budget.PUT, "PUT", "/api/v1/credits/budget", { key: keys.admin.key, body: { monthly_limit: 5 } });
    expect(set.status).toBe(200);
    expect((await ctx.db.select().from(accounts).where(eq(accounts.id, accountId)))[0]!.monthlyBudgetCredits).toBe(5n);
    const read = await call(budget.GET, "GET", "/api/v1/credits/budget", { key: keys.member.key });
    expect(read.status).toBe(200);

    // Keys never manage keys or the team, whatever the role: those are session-only endpoints.
    for (const role of ["owner", "member"] as const) {
      const minting = await call(serviceKeys.POST, "POST", "/api/v1/api-keys", { key: keys[role].key, body: { name: "x" } });
      expect(minting.status).toBe(403);
      expect((await json(minting)).error?.code).toBe("api_key_not_allowed");
    }
    const removing = await call(member.DELETE, "DELETE", `/api/v1/account/members/${api.id}`, { key: keys.owner.key, params: { userId: api.id } });
    expect((await json(removing)).error?.code).toBe("api_key_not_allowed");

    // Usage writes are for service keys: the one-statement path (a valid body) and the ordinary one refuse a
    // personal key alike, and consume nothing.
    const oneStep = await call(usageRoute, "POST", "/api/v1/usage", { key: keys.owner.key, body: { event_id: "p-1", credits: 1 } });
    expect(oneStep.status).toBe(403);
    expect((await json(oneStep)).error?.code).toBe("api_key_not_allowed");
    expect(oneStep.headers.get("x-ratelimit-limit")).not.toBeNull();
    const ordinary = await call(usageRoute, "POST", "/api/v1/usage", { key: keys.owner.key, body: { event_id: "" } });
    expect((await json(ordinary)).error?.code).toBe("api_key_not_allowed");
    expect(await ctx.db.select().from(ledgerEntries).where(and(eq(ledgerEntries.accountId, accountId), eq(ledgerEntries.kind, "usage")))).toEqual([]);
  });

  it("regenerate: the old secret gets 401 at once on both instances, the new one works on both", async () => {
    onA();
    const { accountId } = await createAccount(ctx.db);
    const api = await addMember(ctx.db, accountId, "member");
    const first = await createKeyAs(api.id);
    expect(await onBoth(balanceRoute, "/api/v1/balance", first.key)).toEqual([200, 200]);

    session.userId = api.id;
    onB(); // regenerated by instance B …
    const regenerated = (await json(await call(regenerateRoute, "POST", "/api/v1/api-keys/personal/regenerate"))) as {
      key: string;
      api_key: { id: string };
    };
    session.userId = null;
    expect(regenerated.api_key.id).toBe(first.id);
    // … refused by both at once: no instance holds on to what it saw a moment ago.
    expect(await onBoth(balanceRoute, "/api/v1/balance", first.key)).toEqual([401, 401]);
    onA();
    const refusal = await json(await call(balanceRoute, "GET", "/api/v1/balance", { key: first.key }));
    expect(refusal.error?.code).toBe("invalid_api_key");
    expect(await onBoth(balanceRoute, "/api/v1/balance", regenerated.key)).toEqual([200, 200]);

    // Revoke: 401 everywhere; nothing left to regenerate (404); a new key can be made.
    session.userId = api.id;
    const revoked = (await json(await call(revokeRoute, "POST", "/api/v1/api-keys/personal/revoke"))) as { revoked: { id: string }[] };
    expect(revoked.revoked.map((k) => k.id)).toEqual([first.id]);
    expect(await onBoth(balanceRoute, "/api/v1/balance", regenerated.key)).toEqual([401, 401]);
    expect((await call(regenerateRoute, "POST", "/api/v1/api-keys/personal/regenerate")).status).toBe(404);
    session.userId = null;
    const fresh = await createKeyAs(api.id);
    expect(await onBoth(balanceRoute, "/api/v1/balance", fresh.key)).toEqual([200, 200]);
  });

  it("removing the member kills their key on both instances, for good; a role change ends it too", async () => {
    onA();
    const { accountId, ownerId } = await createAccount(ctx.db);
    const api = await addMember(ctx.db, accountId, "member");
    const promoted = await addMember(ctx.db, accountId, "member");
    const removedKey = await createKeyAs(api.id);
    const promotedKey = await createKeyAs(promoted.id);

    session.userId = ownerId;
    onB();
    const removed = await call(member.DELETE, "DELETE", `/api/v1/account/members/${api.id}`, { params: { userId: api.id } });
    expect(removed.status).toBeLessThan(300);
    expect(await onBoth(balanceRoute, "/api/v1/balance", removedKey.key)).toEqual([401, 401]);
    // Invited back later: the old key stays dead (it was revoked with the membership).
    await ctx.db.insert(memberships).values({ accountId, userId: api.id, role: "member" });
    expect(await onBoth(balanceRoute, "/api/v1/balance", removedKey.key)).toEqual([401, 401]);

    session.userId = ownerId;
    const changed = await call(member.PATCH, "PATCH", `/api/v1/account/members/${promoted.id}`, { body: { role: "admin" }, params: { userId: promoted.id } });
    expect(changed.status).toBe(200);
    session.userId = null;
    expect(await onBoth(balanceRoute, "/api/v1/balance", promotedKey.key)).toEqual([401, 401]);
    const [row] = await ctx.db.select().from(apiKeys).where(eq(apiKeys.id, promotedKey.id));
    expect(row!.revokedAt).toBeInstanceOf(Date);
  });

  it("concurrent creates make one key (the rest 409); a suspended account's personal keys only read", async () => {
    onA();
    const { accountId } = await createAccount(ctx.db);
    const api = await addMember(ctx.db, accountId, "admin");
    const results = await Promise.allSettled(Array.from({ length: 6 }, () => createPersonalKey(ctx.db, { accountId, userId: api.id })));
    expect(results.filter((r) => r.status === "fulfilled")).toHaveLength(1);
    for (const r of results) if (r.status === "rejected") expect(r.reason).toMatchObject({ code: "conflict" });
    const [made] = results.flatMap((r) => (r.status === "fulfilled" ? [r.value] : []));
    const active = await ctx.db.select().from(apiKeys).where(and(eq(apiKeys.userId, api.id), eq(apiKeys.kind, "personal")));
    expect(active).toHaveLength(1);

    await ctx.db.update(accounts).set({ suspendedAt: new Date(), suspensionReason: "Test." }).where(eq(accounts.id, accountId));
    expect(await onBoth(balanceRoute, "/api/v1/balance", made!.key)).toEqual([200, 200]);
    const write = await call(budget.PUT, "PUT", "/api/v1/credits/budget", { key: made!.key, body: { monthly_limit: 5 } });
    expect(write.status).toBe(403);
    expect((await json(write)).error?.code).toBe("account_suspended");
  });

  it("managers see who has a key and end it: owners anyone's, admins only members'", async () => {
    onA();
    const { accountId, ownerId } = await createAccount(ctx.db);
    const admin = await addMember(ctx.db, accountId, "admin");
    const api = await addMember(ctx.db, accountId, "member");
    const adminKey = await createKeyAs(admin.id);
    const memberKey = await createKeyAs(api.id);
    const revokeOf = (userId: string) =>
      call(revokeMemberKeyRoute, "POST", `/api/v1/account/members/${userId}/revoke-key`, { body: {}, params: { userId } });

    session.userId = admin.id;
    const team = (await json(await call(membersRoute, "GET", "/api/v1/account/members"))) as { members: { user_id: string; personal_key: unknown }[] };
    const keyOf = (userId: string) => team.members.find((m) => m.user_id === userId)!.personal_key;
    expect(keyOf(api.id)).toEqual({ prefix: memberKey.key.slice(0, 10) });
    expect(keyOf(ownerId)).toBeNull();
    expect(JSON.stringify(team)).not.toContain(memberKey.key);

    // An admin may not end another admin's key (nor an owner's): 403, the key keeps working.
    session.userId = (await addMember(ctx.db, accountId, "admin")).id;
    const refused = await revokeOf(admin.id);
    expect(refused.status).toBe(403);
    expect((await json(refused)).error?.code).toBe("insufficient_permissions");
    expect(await onBoth(balanceRoute, "/api/v1/balance", adminKey.key)).toEqual([200, 200]);
    // … but a member's: at once, on both instances.
    const ended = (await json(await revokeOf(api.id))) as { revoked: { id: string }[] };
    expect(ended.revoked.map((k) => k.id)).toEqual([memberKey.id]);
    expect(await onBoth(balanceRoute, "/api/v1/balance", memberKey.key)).toEqual([401, 401]);
    session.userId = ownerId;
    expect((await revokeOf(admin.id)).status).toBe(200);
    expect(await onBoth(balanceRoute, "/api/v1/balance", adminKey.key)).toEqual([401, 401]);
    expect((await revokeOf("usr_not_in_this_account")).status).toBe(404);
    session.userId = null;
  });

  it("a key whose membership is gone fails even without the revocation (the gate reads the membership)", async () => {
    onA();
    const { accountId } = await createAccount(ctx.db);
    const api = await addMember(ctx.db, accountId, "member");
    const { key } = await createKeyAs(api.id);
    await ctx.db.delete(memberships).where(and(eq(memberships.accountId, accountId), eq(memberships.userId, api.id)));
    expect(await onBoth(balanceRoute, "/api/v1/balance", key)).toEqual([401, 401]);
    const oneStep = await call(usageRoute, "POST", "/api/v1/usage", { key, body: { event_id: "gone-1", credits: 1 } });
    expect(oneStep.status).toBe(401);
  });

  it("admins manage service keys only: a member's personal key id is not found there, and its secret never shown", async () => {
    onA();
    const { accountId, ownerId } = await createAccount(ctx.db);
    const api = await addMember(ctx.db, accountId, "member");
    const { key, id } = await createKeyAs(api.id);
    session.userId = ownerId;
    for (const handler of [serviceRegenerateRoute, serviceRevokeRoute]) {
      const response = await call(handler, "POST", `/api/v1/api-keys/${id}/x`, { params: { key_id: id } });
      expect(response.status).toBe(404);
    }
    session.userId = null;
    expect(await onBoth(balanceRoute, "/api/v1/balance", key)).toEqual([200, 200]);

    // Nothing here moved money: the ledger invariants hold for every account of the suite.
    const sql = sqlClient(ctx.url, 2);
    try {
      expect((await checkInvariants(sql)).violations).toEqual([]);
    } finally {
      await sql.end();
    }
  });
});
