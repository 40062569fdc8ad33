/**
 * The refund routes through the real apiRoute wrapper (auth, policy, zod, error envelope), with only the session
 * lookup and the database handle substituted.
 */
import { eq } from "drizzle-orm";
import { beforeEach, expect, it, vi } from "vitest";
import type { Db } from "@/lib/db";
import { refunds, users } from "@/lib/db/schema";
import { describeWithDatabase } from "@/lib/testing/database";
import { addMember, createAccount, createUser, ledgerInvariant } from "@/lib/testing/factories";
import { insertOrder } from "@/lib/testing/orders";
import { grantCredits } from "@/lib/credits/grant-credits";

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

const { POST: requestRoute, GET: listRoute } = await import("@/app/api/v1/refunds/route");
const { GET: adminListRoute } = await import("@/app/api/v1/admin/refunds/route");
const { POST: approveRoute } = await import("@/app/api/v1/admin/refunds/[refund_id]/approve/route");
const { POST: rejectRoute } = await import("@/app/api/v1/admin/refunds/[refund_id]/reject/route");

const ORIGIN = "http://localhost:3000";
function req(method: string, path: string, body?: unknown) {
  return new Request(`${ORIGIN}${path}`, {
    method,
    headers: { origin: ORIGIN, ...(body === undefined ? {} : { "content-type": "application/json" }) },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
}
type Handler = (r: Request, c?: never) => Promise<Response>;
async function call(handler: Handler, request: Request, params?: Record<string, string>) {
  const response = await handler(request, (params ? { params: Promise.resolve(params) } : undefined) as never);
  const text = await response.text();
  return { status: response.status, body: (text ? JSON.parse(text) : null) as Record<string, any> }; // eslint-disable-line @typescript-eslint/no-explicit-any
}

describeWithDatabase("refund routes", (ctx) => {
  beforeEach(() => {
    session.db = ctx.db as Db;
    session.userId = null;
  });

  it("request (owner) → 422 envelope with refundable credits when too many → list → operator approves / rejects", async () => {
    const { accountId, ownerId } = await createAccount(ctx.db);
    const member = await addMember(ctx.db, accountId, "member");
    const order = await insertOrder(ctx.db, { accountId, credits: 100n, status: "PAID", paidAt: new Date() });
    await ctx.db.transaction((tx) => grantCredits(tx, { accountId, kind: "topup", amountCredits: 100n, causeKey: `order:${order.id}`, orderId: order.id, description: "top-up" }));

    session.userId = ownerId;
    const tooMany = await call(requestRoute, req("POST", "/api/v1/refunds", { order_id: order.id, credits: 150, reason: "unused" }));
    expect(tooMany).toMatchObject({ status: 422, body: { error: { code: "refund_exceeds_refundable", details: { refundable_credits: "100" } } } });
    expect(tooMany.body.error.message).toContain("100");
    expect(await ctx.db.select().from(refunds).where(eq(refunds.accountId, accountId))).toHaveLength(0);
    expect(await call(requestRoute, req("POST", "/api/v1/refunds", { order_id: order.id, credits: 0, reason: "" }))).toMatchObject({ status: 400 });

    const made = await call(requestRoute, req("POST", "/api/v1/refunds", { order_id: order.id, credits: 60, reason: "unused" }));
    expect(made).toMatchObject({ status: 201, body: { order_id: order.id, credits: 60, amount_paise: 6000, amount: 60, status: "requested", initiated_by: "account" } });
    const refundId = made.body.refund_id as string;
    const second = await call(requestRoute, req("POST", "/api/v1/refunds", { order_id: order.id, credits: 50, reason: "more" }));
    expect(second.body.error.details).toMatchObject({ refundable_credits: "40" });

    session.userId = member.id;
    expect(await call(requestRoute, req("POST", "/api/v1/refunds", { order_id: order.id, credits: 1, reason: "x" }))).toMatchObject({ status: 403 });
    const listed = await call(listRoute, req("GET", "/api/v1/refunds"));
    expect(listed).toMatchObject({ status: 200, body: { refunds: [{ refund_id: refundId, status: "requested" }] } });
    expect(listed.body.refunds[0]).not.toHaveProperty("credit_note_warning");
    expect(await call(approveRoute, req("POST", `/api/v1/admin/refunds/${refundId}/approve`), { refund_id: refundId })).toMatchObject({ status: 403 });

    // Another account's owner never sees the order.
    const other = await createAccount(ctx.db);
    session.userId = other.ownerId;
    expect(await call(requestRoute, req("POST", "/api/v1/refunds", { order_id: order.id, credits: 1, reason: "x" }))).toMatchObject({ status: 404 });
    expect((await call(listRoute, req("GET", "/api/v1/refunds"))).body.refunds).toEqual([]);

    const operator = await createUser(ctx.db);
    await ctx.db.update(users).set({ isOperator: true }).where(eq(users.id, operator.id));
    session.userId = operator.id;
    const queue = await call(adminListRoute, req("GET", "/api/v1/admin/refunds?status=requested"));
    expect(queue.status).toBe(200);
    expect(queue.body.refunds.map((r: { refund_id: string }) => r.refund_id)).toContain(refundId);
    // The s.34(2) fields are the operator's (this order has no invoice, so no deadline); owners' rows have none.
    expect(queue.body.refunds.find((r: { refund_id: string }) => r.refund_id === refundId)).toMatchObject({ credit_note_deadline: null, credit_note_warning: null });
    const approved = await call(approveRoute, req("POST", `/api/v1/admin/refunds/${refundId}/approve`), { refund_id: refundId });
    expect(approved).toMatchObject({ status: 200, body: { refund_id: refundId, status: "pending", outcome: "approved", decided_by_user_id: operator.id } });
    expect(await ledgerInvariant(ctx.db, accountId)).toMatchObject({ balance: 40n, ledgerSum: 40n });
    const again = await call(approveRoute, req("POST", `/api/v1/admin/refunds/${refundId}/approve`), { refund_id: refundId });
    expect(again).toMatchObject({ status: 200, body: { outcome: "already_approved" } });
    const late = await call(rejectRoute, req("POST", `/api/v1/admin/refunds/${refundId}/reject`, { reason: "no" }), { refund_id: refundId });
    expect(late).toMatchObject({ status: 409, body: { error: { code: "refund_not_requested" } } });
    expect(await call(approveRoute, req("POST", "/api/v1/admin/refunds/rf_missing/approve"), { refund_id: "rf_missing" })).toMatchObject({ status: 404 });
  });
});
