/**
 * GET/PUT /api/v1/auto-top-up through the real route wrapper (auth, policy, zod, error envelope), with only the
 * session lookup and the database handle substituted.
 */
import { eq } from "drizzle-orm";
import { beforeEach, expect, it, vi } from "vitest";
import { auditLog, autoTopUpSettings, subscriptions } from "@/lib/db/schema";
import { newId } from "@/lib/ids";
import { describeWithDatabase } from "@/lib/testing/database";
import { addMember, createAccount } from "@/lib/testing/factories";

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

const { GET, PUT } = await import("@/app/api/v1/auto-top-up/route");

const ORIGIN = "http://localhost:3000";
const put = (body: unknown) =>
  new Request(`${ORIGIN}/api/v1/auto-top-up`, { method: "PUT", headers: { origin: ORIGIN, "content-type": "application/json" }, body: JSON.stringify(body) });
async function call(handler: (r: Request, c?: never) => Promise<Response>, request: Request) {
  const response = await handler(request);
  return { status: response.status, body: (await response.json()) as Record<string, any> }; // eslint-disable-line @typescript-eslint/no-explicit-any
}
const ON = { enabled: true, threshold_credits: 500, amount: 1000, monthly_ceiling: 3000 };

describeWithDatabase("auto top-up routes", (ctx) => {
  beforeEach(() => {
    session.db = ctx.db;
  });
  const mandate = (accountId: string, maxAmountPaise: bigint) =>
    ctx.db.insert(subscriptions).values({ id: newId("sub"), accountId, plan: "pro", cashfreeEnv: "emulator", status: "active", cfSubscriptionId: "cf_1", maxAmountPaise });

  it("owner and admin set it; a member is refused (403); bad input 400 and a missing or small mandate 409, nothing stored", async () => {
    const { accountId, ownerId } = await createAccount(ctx.db, { plan: "pro" });
    const admin = await addMember(ctx.db, accountId, "admin");
    const member = await addMember(ctx.db, accountId, "member");
    session.userId = member.id;
    expect((await call(GET, new Request(`${ORIGIN}/api/v1/auto-top-up`))).status).toBe(403);
    expect((await call(PUT, put(ON))).status).toBe(403);

    session.userId = ownerId;
    expect(await call(GET, new Request(`${ORIGIN}/api/v1/auto-top-up`))).toMatchObject({
      status: 200,
      body: { enabled: false, threshold_credits: null, amount: null, month_charged: 0, mandate: { active: false, max_amount: null }, last_charge: null },
    });
    const bad = await call(PUT, put({ ...ON, amount: 12.5 }));
    expect(bad).toMatchObject({ status: 400, body: { error: { code: "invalid_request" } } });
    const above = await call(PUT, put({ ...ON, monthly_ceiling: 999 }));
    expect(above.status).toBe(400);
    const noMandate = await call(PUT, put(ON));
    expect(noMandate).toMatchObject({ status: 409, body: { error: { code: "conflict", details: { reason: "mandate_required" } } } });
    await mandate(accountId, 50_000n);
    const small = await call(PUT, put(ON));
    expect(small).toMatchObject({ status: 409, body: { error: { code: "conflict", details: { reason: "amount_above_mandate", max_amount: 500 } } } });
    expect(await ctx.db.select().from(autoTopUpSettings).where(eq(autoTopUpSettings.accountId, accountId))).toHaveLength(0);

    session.userId = admin.id;
    const ok = await call(PUT, put({ ...ON, amount: 500 }));
    expect(ok).toMatchObject({ status: 200, body: { enabled: true, threshold_credits: 500, amount: 500, monthly_ceiling: 3000, mandate: { active: true, max_amount: 500 } } });
    const [row] = await ctx.db.select().from(autoTopUpSettings).where(eq(autoTopUpSettings.accountId, accountId));
    expect(row).toMatchObject({ enabled: true, amountPaise: 50_000n, monthlyCeilingPaise: 300_000n, thresholdCredits: 500n, updatedByUserId: admin.id });
    expect((await ctx.db.select().from(auditLog).where(eq(auditLog.accountId, accountId))).map((a) => a.action)).toEqual(["auto_top_up.set"]);

    // Another account's owner sees only their own (nothing set).
    const other = await createAccount(ctx.db);
    session.userId = other.ownerId;
    expect((await call(GET, new Request(`${ORIGIN}/api/v1/auto-top-up`))).body).toMatchObject({ enabled: false, amount: null });
  });
});
