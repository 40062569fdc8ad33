/**
 * Suspension through the real routes and wrapper: an operator suspends with a reason, every session and key of the
 * account gets 403 account_suspended except reading invoices, payments and the balance (the one-statement usage
 * path included), user.suspended is written with the change, and lifting restores access at once.
 */
import { and, eq } from "drizzle-orm";
import { beforeAll, expect, it, vi } from "vitest";
import { createApiKey } from "@/lib/api-keys/create-api-key";
import { accountSuspensions, accounts, outboxEvents } from "@/lib/db/schema";
import { describeWithDatabase } from "@/lib/testing/database";
import { addMember, createAccount, createUser } from "@/lib/testing/factories";

const session = vi.hoisted(() => ({ userId: null as string | null, db: null as unknown }));
vi.mock("@/lib/auth/auth", async () => {
  const { mockedCurrentSession } = await import("@/lib/testing/sessions");
  return { currentSession: mockedCurrentSession(session), currentUserId: async () => session.userId };
});
vi.mock("next/headers", () => ({ cookies: async () => ({ get: () => undefined }) }));

const { POST: suspendRoute } = await import("@/app/api/v1/admin/accounts/[account_id]/suspend/route");
const { POST: unsuspendRoute } = await import("@/app/api/v1/admin/accounts/[account_id]/unsuspend/route");
const { GET: balanceRoute } = await import("@/app/api/v1/balance/route");
const { GET: profileRoute } = await import("@/app/api/v1/profile/route");
const { POST: usagePostRoute } = await import("@/app/api/v1/usage/route");
const { GET: invoicesRoute } = await import("@/app/api/v1/invoices/route");
const { GET: historyRoute } = await import("@/app/api/v1/payments/history/route");
const { GET: membersRoute } = await import("@/app/api/v1/account/members/route");

const ORIGIN = "http://localhost:3000";
type Handler = (r: Request, c?: never) => Promise<Response>;
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
const codeOf = async (r: Response) => ((await r.json()) as { error?: { code: string } }).error?.code;

describeWithDatabase("account suspension", (ctx) => {
  beforeAll(() => {
    session.db = ctx.db;
    (globalThis as unknown as { __khataDb?: Promise<unknown> }).__khataDb = Promise.resolve({ db: ctx.db, url: ctx.url, close: async () => {} });
  });

  it("suspends with a reason; sessions and keys get 403 account_suspended except invoices, payments and balance; lifting restores", async () => {
    const operator = await createUser(ctx.db, { isOperator: true });
    const { accountId, ownerId } = await createAccount(ctx.db, { balanceCredits: 50n });
    const admin = await addMember(ctx.db, accountId, "admin");
    const { key } = await createApiKey(ctx.db, { accountId, name: "sus", createdByUserId: ownerId });
    const params = { account_id: accountId };

    // Only operators may suspend.
    session.userId = ownerId;
    const byOwner = await call(suspendRoute, "POST", `/api/v1/admin/accounts/${accountId}/suspend`, { body: { reason: "Nope." }, params });
    expect(byOwner.status).toBe(403);

    session.userId = operator.id;
    const suspended = await call(suspendRoute, "POST", `/api/v1/admin/accounts/${accountId}/suspend`, {
      body: { reason: "Three chargebacks lost in a month." },
      params,
    });
    expect(suspended.status).toBe(200);
    expect(await suspended.json()).toMatchObject({ account_id: accountId, suspended: true, already_suspended: false });
    const again = await call(suspendRoute, "POST", `/api/v1/admin/accounts/${accountId}/suspend`, { body: { reason: "Other reason." }, params });
    expect(await again.json()).toMatchObject({ already_suspended: true });

    const [row] = await ctx.db.select().from(accountSuspensions).where(eq(accountSuspensions.accountId, accountId));
    expect(row).toMatchObject({ reason: "Three chargebacks lost in a month.", source: "operator", suspendedByUserId: operator.id, liftedAt: null });
    const events = await ctx.db.select().from(outboxEvents).where(and(eq(outboxEvents.accountId, accountId), eq(outboxEvents.eventType, "user.suspended")));
    expect(events).toHaveLength(1);

    // Sessions (owner and admin) and the key: reads of invoices, payments and the balance still work.
    for (const userId of [ownerId, admin.id]) {
      session.userId = userId;
      expect((await call(balanceRoute, "GET", "/api/v1/balance")).status).toBe(200);
      expect((await call(invoicesRoute, "GET", "/api/v1/invoices")).status).toBe(200);
      expect((await call(historyRoute, "GET", "/api/v1/payments/history")).status).toBe(200);
      const members = await call(membersRoute, "GET", "/api/v1/account/members");
      expect(members.status).toBe(403);
      expect(members.headers.get("x-ratelimit-limit")).not.toBeNull();
      const body = (await members.json()) as { error: { code: string; message: string; details: { reason: string } } };
      expect(body.error).toMatchObject({ code: "account_suspended", details: { reason: "Three chargebacks lost in a month." } });
    }
    session.userId = null;
    expect((await call(balanceRoute, "GET", "/api/v1/balance", { key })).status).toBe(200);
    const profile = await call(profileRoute, "GET", "/api/v1/profile", { key });
    expect([profile.status, await codeOf(profile)]).toEqual([403, "account_suspended"]);
    // The one-statement usage path refuses too, and consumes nothing.
    const usage = await call(usagePostRoute, "POST", "/api/v1/usage", { key, body: { event_id: "sus-1", credits: 1 } });
    expect([usage.status, await codeOf(usage)]).toEqual([403, "account_suspended"]);
    expect(usage.headers.get("x-ratelimit-remaining")).not.toBeNull();
    const [account] = await ctx.db.select({ balance: accounts.creditBalance }).from(accounts).where(eq(accounts.id, accountId));
    expect(account!.balance).toBe(50n);

    // Lifted: the next request of every session and key works again.
    session.userId = operator.id;
    const lifted = await call(unsuspendRoute, "POST", `/api/v1/admin/accounts/${accountId}/unsuspend`, { body: { note: "Reviewed." }, params });
    expect(await lifted.json()).toMatchObject({ suspended: false, suspension_id: row!.id });
    const [closed] = await ctx.db.select().from(accountSuspensions).where(eq(accountSuspensions.id, row!.id));
    expect(closed).toMatchObject({ liftedByUserId: operator.id, liftNote: "Reviewed." });
    expect(closed!.liftedAt).toBeInstanceOf(Date);
    session.userId = null;
    expect((await call(profileRoute, "GET", "/api/v1/profile", { key })).status).toBe(200);
    expect((await call(usagePostRoute, "POST", "/api/v1/usage", { key, body: { event_id: "sus-2", credits: 1 } })).status).toBe(201);
    session.userId = admin.id;
    expect((await call(membersRoute, "GET", "/api/v1/account/members")).status).toBe(200);

    // Lifting an account that is not suspended changes nothing; an unknown account → 404.
    session.userId = operator.id;
    expect(await (await call(unsuspendRoute, "POST", `/api/v1/admin/accounts/${accountId}/unsuspend`, { body: {}, params })).json()).toMatchObject({ was_suspended: false });
    const unknown = await call(suspendRoute, "POST", "/api/v1/admin/accounts/acc_nope/suspend", { body: { reason: "Whatever it is." }, params: { account_id: "acc_nope" } });
    expect(unknown.status).toBe(404);
    session.userId = null;
  });
});
