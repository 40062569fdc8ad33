/** The dispute routes through the real apiRoute wrapper (auth, policy, zod), the session lookup and Cashfree client substituted. */
import { eq } from "drizzle-orm";
import { afterAll, beforeAll, beforeEach, expect, it, vi } from "vitest";
import { buildCreateOrderRequest } from "@/lib/cashfree";
import type { Db } from "@/lib/db";
import { disputes, users } from "@/lib/db/schema";
import { setCashfreeClientForTests } from "@/lib/orders/cashfree-client";
import { handleWebhook } from "@/lib/orders/handle-webhook";
import { describeWithDatabase, type DatabaseContext } from "@/lib/testing/database";
import { addMember, createAccount, createBillingProfile, createUser } from "@/lib/testing/factories";
import { insertOrder, payInEmulator, signedHeaders, startTestCashfree, type TestCashfree } from "@/lib/testing/orders";
import { settleWebhookJobs } from "@/lib/testing/run-jobs";

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

const { GET: adminList } = await import("@/app/api/v1/admin/disputes/route");
const { POST: acceptRoute } = await import("@/app/api/v1/admin/disputes/[dispute_id]/accept/route");
const { POST: contestRoute } = await import("@/app/api/v1/admin/disputes/[dispute_id]/contest/route");
const { GET: ownList } = await import("@/app/api/v1/disputes/route");

const ORIGIN = "http://localhost:3000";
const req = (method: string, path: string, body?: unknown) =>
  new Request(`${ORIGIN}${path}`, {
    method,
    headers: { origin: ORIGIN, ...(body === undefined ? {} : { "content-type": "application/json" }) },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
type Handler = (r: Request, c?: never) => Promise<Response>;
async function call(handler: Handler, request: Request, params?: Record<string, string>) {
  const response = await handler(request, (params ? { params: Promise.resolve(params) } : undefined) as never);
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

type Webhook = { raw_body: string; idempotency_key: string };
async function deliver(ctx: DatabaseContext, webhook: Webhook) {
  await handleWebhook({ db: ctx.db, secret: cf.secret }, { rawBody: webhook.raw_body, headers: signedHeaders(webhook.raw_body, cf.secret, { idempotencyKey: webhook.idempotency_key }) });
  await settleWebhookJobs(ctx);
}

async function disputedOrder(ctx: DatabaseContext) {
  const account = await createAccount(ctx.db);
  await createBillingProfile(ctx.db, account.accountId);
  const order = await insertOrder(ctx.db, { accountId: account.accountId, credits: 500n });
  await cf.client.createOrder(
    buildCreateOrderRequest({
      orderId: order.id,
      amountPaise: order.amountPaise,
      customer: { id: account.accountId, phone: "+919876543210" },
      returnUrl: "http://localhost:3000/billing/return?order_id={order_id}",
      notifyUrl: "http://127.0.0.1:1/never-called",
    }),
    { idempotencyKey: order.id },
  );
  await deliver(ctx, (await payInEmulator(cf, order.id, "success")).webhook!);
  const response = await fetch(`${cf.emulator.url}/__control/orders/${order.id}/disputes`, { method: "POST", body: JSON.stringify({ amount: 500, deliver: false }) });
  const raised = (await response.json()) as { dispute: { dispute_id: number }; webhook: Webhook };
  await deliver(ctx, raised.webhook);
  const [row] = await ctx.db.select().from(disputes).where(eq(disputes.cfDisputeId, String(raised.dispute.dispute_id)));
  return { ...account, order, dispute: row! };
}

describeWithDatabase("dispute routes", (ctx) => {
  beforeEach(() => {
    session.db = ctx.db as Db;
    session.userId = null;
  });

  it("operators list, contest (validated) and accept; members and owners may not; owners see their own disputes only", async () => {
    const { accountId, ownerId, order, dispute } = await disputedOrder(ctx);
    const member = await addMember(ctx.db, accountId, "member");
    const operator = await createUser(ctx.db);
    await ctx.db.update(users).set({ isOperator: true }).where(eq(users.id, operator.id));
    const params = { dispute_id: dispute.id };

    session.userId = ownerId;
    expect((await call(adminList, req("GET", "/api/v1/admin/disputes"))).status).toBe(403);
    expect((await call(acceptRoute, req("POST", `/api/v1/admin/disputes/${dispute.id}/accept`), params)).status).toBe(403);
    const own = await call(ownList, req("GET", `/api/v1/disputes?order_id=${order.id}`));
    expect(own).toMatchObject({ status: 200, body: { disputes: [{ dispute_id: dispute.id, held_credits: 500, resolution: "open" }] } });
    expect(own.body.disputes[0]).not.toHaveProperty("evidence");

    session.userId = member.id;
    expect((await call(ownList, req("GET", "/api/v1/disputes"))).body.disputes).toHaveLength(1);
    const other = await createAccount(ctx.db);
    session.userId = other.ownerId;
    expect((await call(ownList, req("GET", "/api/v1/disputes"))).body.disputes).toEqual([]);

    session.userId = operator.id;
    const listed = await call(adminList, req("GET", "/api/v1/admin/disputes"));
    expect(listed.status).toBe(200);
    const listedDispute = listed.body.disputes.find((d: { dispute_id: string }) => d.dispute_id === dispute.id);
    expect(listedDispute).toMatchObject({ can_respond: true, account_id: accountId });
    expect(listedDispute).toHaveProperty("credit_note_deadline");
    expect(listedDispute).toHaveProperty("credit_note_warning");
    expect((await call(adminList, req("GET", "/api/v1/admin/disputes?open=2"))).status).toBe(400);

    const short = await call(contestRoute, req("POST", `/api/v1/admin/disputes/${dispute.id}/contest`, { text: "no" }), params);
    expect(short).toMatchObject({ status: 400 });
    const badFile = await call(
      contestRoute,
      req("POST", `/api/v1/admin/disputes/${dispute.id}/contest`, { text: "Credits were used.", documents: [{ file_name: "x.exe", content_type: "application/x-msdownload", content_base64: "AA==" }] }),
      params,
    );
    expect(badFile.status).toBe(400);
    expect(cf.emulator.state.findDispute(dispute.cfDisputeId)!.dispute.evidence).toEqual([]);
    const unknown = await call(acceptRoute, req("POST", "/api/v1/admin/disputes/dsp_000000000000000000000000/accept"), { dispute_id: "dsp_000000000000000000000000" });
    expect(unknown.status).toBe(404);

    const accepted = await call(acceptRoute, req("POST", `/api/v1/admin/disputes/${dispute.id}/accept`), params);
    expect(accepted).toMatchObject({ status: 200, body: { dispute: { response: "accepted", resolution: "lost", responded_by_user_id: operator.id } } });
    const again = await call(contestRoute, req("POST", `/api/v1/admin/disputes/${dispute.id}/contest`, { text: "Too late for this one." }), params);
    expect(again).toMatchObject({ status: 409, body: { error: { code: "conflict" } } });
  });
});
