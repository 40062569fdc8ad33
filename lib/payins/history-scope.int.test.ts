/**
 * Seed 001's API-user tier sees its own transaction history only (lib/auth/history-scope.ts): a member, by session
 * or by their personal key, sees the orders, pay-ins and payouts they created; owners, admins and the account's
 * service key see the team's; another member's payment or payout is a 404 to a member. Through the real route
 * wrapper with only the session lookup and the database handle substituted.
 */
import { eq } from "drizzle-orm";
import { afterAll, beforeAll, beforeEach, expect, it, vi } from "vitest";
import { createApiKey } from "@/lib/api-keys/create-api-key";
import { createPersonalKey } from "@/lib/api-keys/create-personal-key";
import type { Db } from "@/lib/db";
import { orders, payouts } from "@/lib/db/schema";
import { createOrder } from "@/lib/orders/create-order";
import { setCashfreeClientForTests } from "@/lib/orders/cashfree-client";
import { describeWithDatabase } from "@/lib/testing/database";
import { addMember, createAccount, createBillingProfile } from "@/lib/testing/factories";
import { payInEmulator, startTestCashfree, type TestCashfree } from "@/lib/testing/orders";
import { deliverAndSettle } from "@/lib/testing/run-jobs";

const session = vi.hoisted(() => ({ userId: null as string | null, db: null as unknown }));
vi.mock("@/lib/auth/auth", async () => {
  const { mockedCurrentSession } = await import("@/lib/testing/sessions");
  return { currentSession: mockedCurrentSession(session), currentUserId: async () => session.userId };
});
vi.mock("next/headers", () => ({ cookies: async () => ({ get: () => undefined }) }));
vi.mock("@/lib/db", async (importOriginal) => ({
  ...(await importOriginal<typeof import("@/lib/db")>()),
  getDb: async () => session.db,
}));

const paymentsRoute = await import("@/app/api/v1/payments/route");
const { GET: paymentRoute } = await import("@/app/api/v1/payments/[payment_id]/route");
const { GET: historyRoute } = await import("@/app/api/v1/payments/history/route");
const payoutsRoute = await import("@/app/api/v1/payouts/route");
const { GET: payoutRoute } = await import("@/app/api/v1/payouts/[payout_id]/route");

const ORIGIN = "http://localhost:3000";
type Handler = (r: Request, c?: never) => Promise<Response>;
/** Calls a route as `who`: a user id (session) or an API key (`key:…`). */
async function call(who: string, handler: Handler, method: string, path: string, body?: unknown, params?: Record<string, string>) {
  const isKey = who.startsWith("key:");
  session.userId = isKey ? null : who;
  const headers: Record<string, string> = { origin: ORIGIN, ...(body === undefined ? {} : { "content-type": "application/json" }), ...(isKey ? { "x-api-key": who.slice(4) } : {}) };
  const request = new Request(`${ORIGIN}${path}`, { method, headers, body: body === undefined ? undefined : JSON.stringify(body) });
  const response = await handler(request, (params ? { params: Promise.resolve(params) } : undefined) as never);
  const text = await response.text();
  return { status: response.status, body: (text ? JSON.parse(text) : null) as Record<string, any> }; // eslint-disable-line @typescript-eslint/no-explicit-any
}

const JANE = { name: "Jane Smith", phone: "9876543210" };
const BENEFICIARY = { name: "Asha Traders", account_number: "026291800001191", ifsc: "yesb0000262" };

let cf: TestCashfree;
beforeAll(async () => {
  cf = await startTestCashfree();
  setCashfreeClientForTests(cf.client);
});
afterAll(async () => {
  setCashfreeClientForTests(undefined);
  await cf?.close();
});

describeWithDatabase("history scope: members see their own payments and payouts, managers the team's", (ctx) => {
  beforeEach(() => {
    session.db = ctx.db as Db;
  });

  it("member sees only their own (session and personal key); admin, owner and the service key see all; another member's payment or payout is a 404", async () => {
    const { accountId, ownerId } = await createAccount(ctx.db);
    await createBillingProfile(ctx.db, accountId);
    const admin = await addMember(ctx.db, accountId, "admin");
    const alice = await addMember(ctx.db, accountId, "member");
    const bob = await addMember(ctx.db, accountId, "member");
    const aliceKey = `key:${(await createPersonalKey(ctx.db, { accountId, userId: alice.id })).key}`;
    const serviceKey = `key:${(await createApiKey(ctx.db, { accountId, name: "svc", createdByUserId: ownerId })).key}`;

    // The owner's paid checkout top-up: credits to withdraw from.
    const topUp = await createOrder({ db: ctx.db, cashfree: cf.client }, { accountId, userId: ownerId, request: { type: "credit_topup", credits: 1000 } });
    const paid = await payInEmulator(cf, topUp.order_id, "success");
    expect((await deliverAndSettle(ctx, { secret: cf.secret, rawBody: paid.webhook!.raw_body })).settled).toBe("paid");

    const createPayIn = async (who: string, amount: number) => {
      const created = await call(who, paymentsRoute.POST, "POST", "/api/v1/payments", { amount, payer: JANE });
      expect(created.status, JSON.stringify(created.body)).toBe(201);
      return created.body.payment_id as string;
    };
    const aliceBySession = await createPayIn(alice.id, 11);
    const aliceByKey = await createPayIn(aliceKey, 12);
    const bobs = await createPayIn(bob.id, 13);
    const admins = await createPayIn(admin.id, 14);
    // Who created each is recorded (user, and the key for a key).
    const [byKey] = await ctx.db.select().from(orders).where(eq(orders.id, aliceByKey));
    expect(byKey).toMatchObject({ createdByUserId: alice.id, createdByApiKeyId: expect.stringMatching(/.+/) });
    const [bySession] = await ctx.db.select().from(orders).where(eq(orders.id, aliceBySession));
    expect(bySession).toMatchObject({ createdByUserId: alice.id, createdByApiKeyId: null });

    const ids = async (who: string, handler: Handler = paymentsRoute.GET, path = "/api/v1/payments") => {
      const listed = await call(who, handler, "GET", `${path}?limit=50`);
      expect(listed.status).toBe(200);
      return { ids: (listed.body.payments as { order_id: string }[]).map((p) => p.order_id).sort(), total: listed.body.total as number };
    };
    const mine = [aliceBySession, aliceByKey].sort();
    const all = [topUp.order_id, aliceBySession, aliceByKey, bobs, admins].sort();
    expect(await ids(alice.id)).toEqual({ ids: mine, total: 2 });
    expect(await ids(aliceKey)).toEqual({ ids: mine, total: 2 });
    expect(await ids(alice.id, historyRoute, "/api/v1/payments/history")).toEqual({ ids: mine, total: 2 });
    expect(await ids(bob.id)).toEqual({ ids: [bobs], total: 1 });
    for (const manager of [admin.id, ownerId, serviceKey]) expect(await ids(manager)).toEqual({ ids: all, total: 5 });
    expect(await ids(admin.id, historyRoute, "/api/v1/payments/history")).toEqual({ ids: all, total: 5 });
    // Counts follow the same rule.
    expect((await call(alice.id, paymentsRoute.GET, "GET", "/api/v1/payments?count_only=1")).body).toEqual({ count: 2 });

    const getPayment = (who: string, id: string) => call(who, paymentRoute, "GET", `/api/v1/payments/${id}`, undefined, { payment_id: id });
    expect((await getPayment(alice.id, aliceByKey)).status).toBe(200);
    expect((await getPayment(aliceKey, aliceBySession)).status).toBe(200);
    for (const other of [bobs, admins, topUp.order_id]) {
      expect(await getPayment(alice.id, other)).toMatchObject({ status: 404, body: { error: { code: "not_found" } } });
      expect((await getPayment(aliceKey, other)).status).toBe(404);
    }
    expect((await getPayment(admin.id, bobs)).status).toBe(200);
    expect((await getPayment(serviceKey, aliceByKey)).status).toBe(200);

    // Payouts: a member requests one (session or personal key); each member sees their own, managers all.
    const requestPayout = async (who: string, amount: number) => {
      const made = await call(who, payoutsRoute.POST, "POST", "/api/v1/payouts", { credits: amount, beneficiary: BENEFICIARY });
      expect(made.status, JSON.stringify(made.body)).toBe(201);
      return made.body.payout_id as string;
    };
    const alicePayout = await requestPayout(aliceKey, 100);
    const bobPayout = await requestPayout(bob.id, 50);
    const ownerPayout = await requestPayout(ownerId, 25);
    const [stored] = await ctx.db.select().from(payouts).where(eq(payouts.id, alicePayout));
    expect(stored).toMatchObject({ requestedByUserId: alice.id, requestedByApiKeyId: expect.stringMatching(/.+/) });
    const payoutIds = async (who: string) => {
      const listed = await call(who, payoutsRoute.GET, "GET", "/api/v1/payouts");
      expect(listed.status).toBe(200);
      return (listed.body.payouts as { payout_id: string }[]).map((p) => p.payout_id).sort();
    };
    expect(await payoutIds(alice.id)).toEqual([alicePayout]);
    expect(await payoutIds(aliceKey)).toEqual([alicePayout]);
    expect(await payoutIds(bob.id)).toEqual([bobPayout]);
    for (const manager of [admin.id, ownerId, serviceKey]) expect(await payoutIds(manager)).toEqual([alicePayout, bobPayout, ownerPayout].sort());
    const getPayout = (who: string, id: string) => call(who, payoutRoute, "GET", `/api/v1/payouts/${id}`, undefined, { payout_id: id });
    expect((await getPayout(alice.id, alicePayout)).status).toBe(200);
    expect(await getPayout(alice.id, bobPayout)).toMatchObject({ status: 404, body: { error: { code: "not_found" } } });
    expect((await getPayout(aliceKey, ownerPayout)).status).toBe(404);
    expect((await getPayout(admin.id, bobPayout)).status).toBe(200);
  });
});
