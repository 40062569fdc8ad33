/**
 * POST/DELETE /api/v1/subscriptions/change through the real route wrapper (auth, policy, zod, error envelope), with
 * only the session lookup and the database handle substituted; Cashfree is the emulator.
 */
import { eq } from "drizzle-orm";
import { afterAll, beforeAll, beforeEach, expect, it, vi } from "vitest";
import { accounts, auditLog, orders, planChanges, subscriptions } from "@/lib/db/schema";
import { getCashfreeClient, setCashfreeClientForTests } from "@/lib/orders/cashfree-client";
import { describeWithDatabase } from "@/lib/testing/database";
import { addMember, createAccount, createBillingProfile } from "@/lib/testing/factories";
import { startTestCashfree, type TestCashfree } from "@/lib/testing/orders";
import { startSubscription } from "./start-subscription";

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

const { POST, DELETE } = await import("@/app/api/v1/subscriptions/change/route");

const ORIGIN = "http://localhost:3000";
const req = (method: string, body?: string) =>
  new Request(`${ORIGIN}/api/v1/subscriptions/change`, { method, headers: { origin: ORIGIN, ...(body ? { "content-type": "application/json" } : {}) }, body });
async function call(handler: (r: Request, c?: never) => Promise<Response>, request: Request) {
  const response = await handler(request);
  return { status: response.status, body: (await response.json()) as Record<string, any> }; // eslint-disable-line @typescript-eslint/no-explicit-any
}

let cf: TestCashfree;
beforeAll(async () => {
  cf = await startTestCashfree();
  setCashfreeClientForTests(cf.client);
});
afterAll(async () => {
  setCashfreeClientForTests(undefined);
  await cf?.close();
});

describeWithDatabase("plan change routes", (ctx) => {
  beforeEach(() => {
    session.db = ctx.db;
  });

  async function renewingPro() {
    const account = await createAccount(ctx.db, { plan: "pro" });
    await ctx.db.update(accounts).set({ planExpiresAt: new Date(Date.now() + 10 * 24 * 3600_000) }).where(eq(accounts.id, account.accountId));
    await createBillingProfile(ctx.db, account.accountId);
    const started = await startSubscription({ db: ctx.db, cashfree: getCashfreeClient() }, { accountId: account.accountId, plan: "pro" });
    await ctx.db.update(subscriptions).set({ status: "active" }).where(eq(subscriptions.id, started.subscription.subscription_id));
    return { ...account, subscriptionId: started.subscription.subscription_id };
  }

  it("POST: bad bodies are 400 and change nothing; an admin is 403; the owner's upgrade answers a checkout (201), a downgrade is scheduled (200)", async () => {
    const { accountId, ownerId, subscriptionId } = await renewingPro();
    session.userId = ownerId;
    for (const body of ['{"plan":"platinum"}', "{}", '{"plan":"pro","cancel_at_period_end":true}', '{"cancel_at_period_end":false}', "not json"]) {
      expect((await call(POST, req("POST", body))).status).toBe(400);
    }
    const admin = await addMember(ctx.db, accountId, "admin");
    session.userId = admin.id;
    expect((await call(POST, req("POST", '{"plan":"starter"}'))).status).toBe(403);
    expect((await call(DELETE, req("DELETE"))).status).toBe(403);
    expect(await ctx.db.select().from(planChanges).where(eq(planChanges.accountId, accountId))).toHaveLength(0);
    expect((await ctx.db.select().from(subscriptions).where(eq(subscriptions.id, subscriptionId)))[0]!.scheduledPlan).toBeNull();

    session.userId = ownerId;
    const up = await call(POST, req("POST", '{"plan":"enterprise"}'));
    expect(up.status).toBe(201);
    expect(up.body).toMatchObject({ change: "upgrade", plan: "enterprise", from_plan: "pro", payment_session_id: expect.any(String), currency: "INR" });
    const [order] = await ctx.db.select().from(orders).where(eq(orders.id, up.body.order_id as string));
    expect(order).toMatchObject({ accountId, type: "plan_upgrade", plan: "enterprise", status: "ACTIVE" });
    expect(Number(order!.amountPaise) / 100).toBe(up.body.amount);

    const down = await call(POST, req("POST", '{"plan":"starter"}'));
    expect(down).toMatchObject({ status: 200, body: { change: "scheduled", subscription: { scheduled_plan: "starter" } } });
    const audit = await ctx.db.select().from(auditLog).where(eq(auditLog.accountId, accountId));
    expect(audit.filter((a) => a.action === "subscription.change_plan")).toHaveLength(2);
  });

  it("DELETE: undoes the scheduled change (200); with nothing scheduled, 404; another account's scheduled change is untouched", async () => {
    const mine = await renewingPro();
    const other = await renewingPro();
    await ctx.db.update(subscriptions).set({ cancelAtPeriodEnd: true }).where(eq(subscriptions.id, other.subscriptionId));
    session.userId = mine.ownerId;
    expect((await call(DELETE, req("DELETE"))).status).toBe(404);
    expect((await call(POST, req("POST", '{"cancel_at_period_end":true}'))).body).toMatchObject({ subscription: { cancel_at_period_end: true } });
    expect(await call(DELETE, req("DELETE"))).toMatchObject({ status: 200, body: { cancel_at_period_end: false } });
    expect((await ctx.db.select().from(subscriptions).where(eq(subscriptions.id, other.subscriptionId)))[0]!.cancelAtPeriodEnd).toBe(true);
  });
});
