/**
 * The billing routes through the real apiRoute wrapper (auth, policy, zod, Idempotency-Key), with only the
 * session lookup and the database handle substituted.
 */
import { beforeEach, expect, it, vi } from "vitest";
import { gstinCheckChar } from "@/lib/gst/gstin";
import { describeWithDatabase } from "@/lib/testing/database";
import { addMember, createAccount, createUser } from "@/lib/testing/factories";
import type { Db } from "@/lib/db";

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

const { POST: redeem } = await import("@/app/api/v1/coupons/redeem/route");
const budgetRoute = await import("@/app/api/v1/credits/budget/route");
const profileRoute = await import("@/app/api/v1/account/billing-profile/route");
const adminCoupons = await import("@/app/api/v1/admin/coupons/route");
const { POST: disable } = await import("@/app/api/v1/admin/coupons/[coupon_id]/disable/route");

const ORIGIN = "http://localhost:3000";
function req(method: string, path: string, body?: unknown, headers: Record<string, string> = {}) {
  return new Request(`${ORIGIN}${path}`, {
    method,
    headers: { origin: ORIGIN, ...(body === undefined ? {} : { "content-type": "application/json" }), ...headers },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
}
async function call(handler: (r: Request, c?: never) => Promise<Response>, request: Request, params?: Record<string, string>) {
  const response = await handler(request, (params ? { params: Promise.resolve(params) } : undefined) as never);
  return { status: response.status, headers: response.headers, body: (await response.json()) as Record<string, any> }; // eslint-disable-line @typescript-eslint/no-explicit-any
}

describeWithDatabase("billing routes", (ctx) => {
  beforeEach(() => {
    session.db = ctx.db as Db;
    session.userId = null;
  });

  it("operator creates a coupon; an owner redeems it with an Idempotency-Key; replays and errors are stored", async () => {
    const operator = await createUser(ctx.db, { isOperator: true });
    const { accountId, ownerId } = await createAccount(ctx.db);
    session.userId = ownerId;
    const forbidden = await call(adminCoupons.POST, req("POST", "/api/v1/admin/coupons", { code: "NOPE", credits: 5 }));
    expect(forbidden).toMatchObject({ status: 403, body: { error: { code: "insufficient_permissions" } } });

    session.userId = operator.id;
    const code = `route-${Date.now().toString(36)}`;
    const created = await call(adminCoupons.POST, req("POST", "/api/v1/admin/coupons", { code, credits: 300, max_redemptions: 10 }));
    expect(created.status).toBe(201);
    expect(created.body).toMatchObject({ code: code.toUpperCase(), credits: 300, max_redemptions: 10, redemption_count: 0, status: "active" });
    const listed = await call(adminCoupons.GET, req("GET", "/api/v1/admin/coupons?limit=5"));
    expect(listed.body.coupons.map((c: { code: string }) => c.code)).toContain(code.toUpperCase());
    const badLimit = await call(adminCoupons.GET, req("GET", "/api/v1/admin/coupons?limit=500"));
    expect(badLimit.status).toBe(400);

    session.userId = ownerId;
    const first = await call(redeem, req("POST", "/api/v1/coupons/redeem", { code }, { "idempotency-key": "redeem-1" }));
    expect(first).toMatchObject({ status: 200, body: { code: code.toUpperCase(), credits_granted: 300, balance: 300 } });
    const replay = await call(redeem, req("POST", "/api/v1/coupons/redeem", { code }, { "idempotency-key": "redeem-1" }));
    expect(replay).toMatchObject({ status: 200, body: first.body });
    expect(replay.headers.get("idempotent-replayed")).toBe("true");
    const reused = await call(redeem, req("POST", "/api/v1/coupons/redeem", { code: "OTHER" }, { "idempotency-key": "redeem-1" }));
    expect(reused).toMatchObject({ status: 422, body: { error: { code: "idempotency_key_reused" } } });

    const again = await call(redeem, req("POST", "/api/v1/coupons/redeem", { code }, { "idempotency-key": "redeem-2" }));
    expect(again).toMatchObject({ status: 409, body: { error: { code: "coupon_already_redeemed" } } });
    const againReplay = await call(redeem, req("POST", "/api/v1/coupons/redeem", { code }, { "idempotency-key": "redeem-2" }));
    expect(againReplay).toMatchObject({ status: 409, body: { error: { code: "coupon_already_redeemed" } } });
    expect(againReplay.headers.get("idempotent-replayed")).toBe("true");

    const missing = await call(redeem, req("POST", "/api/v1/coupons/redeem", {}));
    expect(missing).toMatchObject({ status: 400, body: { error: { code: "missing_fields" } } });

    session.userId = operator.id;
    const id = created.body.id as string;
    const disabled = await call(disable, req("POST", `/api/v1/admin/coupons/${id}/disable`), { coupon_id: id });
    expect(disabled).toMatchObject({ status: 200, body: { id, status: "disabled" } });
    const unknown = await call(disable, req("POST", "/api/v1/admin/coupons/cpn_nope/disable"), { coupon_id: "cpn_nope" });
    expect(unknown.status).toBe(404);

    const member = await addMember(ctx.db, accountId, "member");
    session.userId = member.id;
    const memberRedeem = await call(redeem, req("POST", "/api/v1/coupons/redeem", { code }));
    expect(memberRedeem).toMatchObject({ status: 403, body: { error: { code: "insufficient_permissions" } } });
  });

  it("budget: members read, owners set/clear; bad limits are 400s naming monthly_limit; unknown API keys are refused", async () => {
    const { accountId, ownerId } = await createAccount(ctx.db);
    const member = await addMember(ctx.db, accountId, "member");
    session.userId = member.id;
    expect(await call(budgetRoute.GET, req("GET", "/api/v1/credits/budget"))).toMatchObject({
      status: 200,
      body: { monthly_limit: null, used_this_month: 0, remaining: null },
    });
    expect((await call(budgetRoute.PUT, req("PUT", "/api/v1/credits/budget", { monthly_limit: 5 }))).status).toBe(403);

    session.userId = ownerId;
    expect(await call(budgetRoute.PUT, req("PUT", "/api/v1/credits/budget", { monthly_limit: 2500 }))).toMatchObject({
      status: 200,
      body: { monthly_limit: 2500, used_this_month: 0, remaining: 2500 },
    });
    for (const bad of [{ monthly_limit: 1.5 }, { monthly_limit: "100" }, { monthly_limit: -1 }, {}]) {
      const res = await call(budgetRoute.PUT, req("PUT", "/api/v1/credits/budget", bad));
      expect(res.status, JSON.stringify(bad)).toBe(400);
      expect(res.body.error.message).toContain("monthly_limit");
    }
    expect(await call(budgetRoute.PUT, req("PUT", "/api/v1/credits/budget", { monthly_limit: null }))).toMatchObject({
      body: { monthly_limit: null, remaining: null },
    });
    const apiKey = await call(budgetRoute.GET, new Request(`${ORIGIN}/api/v1/credits/budget`, { headers: { authorization: "Bearer cm_live_x" } }));
    // The budget routes take personal keys now (seed 001 tiers), so an unknown key is an authentication failure; which
    // kinds of key may read or set the budget is pinned by lib/auth/authz-matrix.int.test.ts.
    expect(apiKey).toMatchObject({ status: 401, body: { error: { code: "invalid_api_key" } } });
    const crossSite = await call(budgetRoute.PUT, req("PUT", "/api/v1/credits/budget", { monthly_limit: 1 }, { origin: "https://evil.example" }));
    expect(crossSite.status).toBe(403);
  });

  it("billing profile: GET is {profile: null} first, PUT validates and stores, GET returns it complete", async () => {
    const { ownerId } = await createAccount(ctx.db);
    session.userId = ownerId;
    expect(await call(profileRoute.GET, req("GET", "/api/v1/account/billing-profile"))).toMatchObject({
      status: 200,
      body: { profile: null, complete: false },
    });
    const gstin = "29AAACK1234L1Z" + gstinCheckChar("29AAACK1234L1Z");
    const body = {
      legal_name: "Acme Pvt Ltd",
      address_line1: "1 MG Road",
      city: "Bengaluru",
      postal_code: "560001",
      state_code: "29",
      phone: "+91 98765 43210",
      email: "billing@acme.example",
      gstin,
    };
    const mismatch = await call(profileRoute.PUT, req("PUT", "/api/v1/account/billing-profile", { ...body, state_code: "27" }));
    expect(mismatch).toMatchObject({ status: 400, body: { error: { code: "invalid_request" } } });
    expect(mismatch.body.error.message).toMatch(/^gstin: .*Karnataka \(29\).*Maharashtra \(27\)/);
    const saved = await call(profileRoute.PUT, req("PUT", "/api/v1/account/billing-profile", body));
    expect(saved).toMatchObject({ status: 200, body: { complete: true, profile: { phone: "9876543210", gstin, state_name: "Karnataka" } } });
    expect(await call(profileRoute.GET, req("GET", "/api/v1/account/billing-profile"))).toMatchObject({
      body: { complete: true, profile: { legal_name: "Acme Pvt Ltd" } },
    });
  });
});
