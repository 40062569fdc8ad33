/**
 * The subscription routes through the real route wrapper (auth, policy, zod, error envelope), with only the session
 * lookup and the database handle substituted; Cashfree is the emulator.
 */
import { eq } from "drizzle-orm";
import { afterAll, beforeAll, beforeEach, expect, it, vi } from "vitest";
import { signWebhook } from "@/lib/cashfree";
import { getEnv } from "@/lib/config/env";
import { accounts, auditLog, subscriptionWebhookEvents, subscriptions } from "@/lib/db/schema";
import { setCashfreeClientForTests } from "@/lib/orders/cashfree-client";
import { describeWithDatabase } from "@/lib/testing/database";
import { addMember, createAccount, createBillingProfile } from "@/lib/testing/factories";
import { startTestCashfree, type TestCashfree } from "@/lib/testing/orders";
import { drainJobs } from "@/lib/testing/run-jobs";

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

const { POST: startRoute } = await import("@/app/api/v1/subscriptions/route");
const { POST: webhookRoute } = await import("@/app/api/v1/subscriptions/webhook/route");

const ORIGIN = "http://localhost:3000";
const req = (path: string, body: string, headers: Record<string, string> = {}) =>
  new Request(`${ORIGIN}${path}`, { method: "POST", headers: { origin: ORIGIN, "content-type": "application/json", ...headers }, body });
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

describeWithDatabase("subscription routes", (ctx) => {
  beforeEach(() => {
    session.db = ctx.db;
  });

  async function proAccount() {
    const account = await createAccount(ctx.db, { plan: "pro" });
    await ctx.db.update(accounts).set({ planExpiresAt: new Date(Date.now() + 10 * 24 * 3600_000) }).where(eq(accounts.id, account.accountId));
    await createBillingProfile(ctx.db, account.accountId);
    return account;
  }

  it("POST /api/v1/subscriptions: the owner gets a session (201, audited); an admin 403; a bad plan 400 and nothing recorded", async () => {
    const { accountId, ownerId } = await proAccount();
    const admin = await addMember(ctx.db, accountId, "admin");
    session.userId = admin.id;
    expect((await call(startRoute, req("/api/v1/subscriptions", JSON.stringify({ plan: "pro" })))).status).toBe(403);
    session.userId = ownerId;
    const bad = await call(startRoute, req("/api/v1/subscriptions", JSON.stringify({ plan: "platinum" })));
    expect(bad.status).toBe(400);
    expect(await ctx.db.select().from(subscriptions).where(eq(subscriptions.accountId, accountId))).toHaveLength(0);
    const ok = await call(startRoute, req("/api/v1/subscriptions", JSON.stringify({ plan: "pro" })));
    expect(ok.status).toBe(201);
    expect(ok.body).toMatchObject({ plan: "pro", status: "pending_authorization", max_amount: 4999, subscription_session_id: expect.stringMatching(/^sub_session_/) });
    expect(ok.body.authorization_url).toContain("/subscriptions/checkout/");
    const audit = await ctx.db.select().from(auditLog).where(eq(auditLog.targetId, ok.body.subscription_id as string));
    expect(audit.map((a) => a.action)).toEqual(["subscription.start"]);
  });

  it("POST /api/v1/subscriptions/webhook: a signed auth event is recorded (200) and its job activates; a redelivery is a duplicate; an unsigned or forged one is a 4xx and changes nothing", async () => {
    const { accountId, ownerId } = await proAccount();
    session.userId = ownerId;
    const started = await call(startRoute, req("/api/v1/subscriptions", JSON.stringify({ plan: "pro" })));
    const id = started.body.subscription_id as string;
    const rawBody = JSON.stringify({
      type: "SUBSCRIPTION_AUTH_STATUS",
      event_time: "2026-12-03T10:00:00+05:30",
      data: { subscription_id: id, cf_subscription_id: "1", payment_id: `auth_${id}`, cf_payment_id: "2", payment_status: "SUCCESS", payment_amount: 1, authorization_details: { authorization_status: "ACTIVE" } },
    });
    session.userId = null;
    const unsigned = await call(webhookRoute, req("/api/v1/subscriptions/webhook", rawBody));
    expect(unsigned.status).toBeGreaterThanOrEqual(400);
    expect(unsigned.status).toBeLessThan(500);
    const ts = Date.now();
    const secret = getEnv().CASHFREE_CLIENT_SECRET;
    const forged = await call(webhookRoute, req("/api/v1/subscriptions/webhook", rawBody, { "x-webhook-signature": signWebhook(`${secret}x`, ts, rawBody), "x-webhook-timestamp": String(ts), "x-webhook-version": "2025-01-01" }));
    expect(forged.status).toBe(401);
    expect((await ctx.db.select().from(subscriptions).where(eq(subscriptions.id, id)))[0]!.status).toBe("pending_authorization");
    const headers = { "x-webhook-signature": signWebhook(secret, ts, rawBody), "x-webhook-timestamp": String(ts), "x-webhook-version": "2025-01-01" };
    const good = await call(webhookRoute, req("/api/v1/subscriptions/webhook", rawBody, headers));
    // The durable inbox: recorded once and acknowledged; a redelivery is a duplicate; the job applies it.
    expect(good).toMatchObject({ status: 200, body: { outcome: "queued", event_type: "SUBSCRIPTION_AUTH_STATUS" } });
    expect(await call(webhookRoute, req("/api/v1/subscriptions/webhook", rawBody, headers))).toMatchObject({ status: 200, body: { outcome: "duplicate" } });
    expect((await ctx.db.select().from(subscriptions).where(eq(subscriptions.id, id)))[0]!.status).toBe("pending_authorization");
    await drainJobs(ctx);
    const recorded = await ctx.db.select().from(subscriptionWebhookEvents).where(eq(subscriptionWebhookEvents.subscriptionId, id));
    expect(recorded).toHaveLength(1);
    expect(recorded[0]).toMatchObject({ outcome: "activated", applyAttempts: 0 });
    expect(recorded[0]!.appliedAt).not.toBeNull();
    expect((await ctx.db.select().from(subscriptions).where(eq(subscriptions.accountId, accountId)))[0]!.status).toBe("active");
  });
});
