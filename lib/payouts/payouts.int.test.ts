/**
 * Payouts end to end on real PostgreSQL and the emulator's Payouts stand-in, through the real route wrapper (auth,
 * policy, zod, idempotency, error envelope) with only the session lookup and the database handle substituted.
 */
import { and, eq, like, sql as dsql } from "drizzle-orm";
import fc from "fast-check";
import { afterAll, beforeAll, beforeEach, expect, it, vi } from "vitest";
import { createCashfreePayoutsClient, signWebhook, type CashfreePayoutsClient } from "@/lib/cashfree";
import { getEnv } from "@/lib/config/env";
import type { Db } from "@/lib/db";
import { rowsOf } from "@/lib/db/rows";
import { creditNotes, ledgerEntries, orders, outboxEvents, payoutAllocations, payouts, users } from "@/lib/db/schema";
import { runJobsOnceWith } from "@/lib/jobs/start-worker";
import { issuePayoutCreditNotesTask, pollPayoutTask, sendPayoutTransferTask } from "@/lib/jobs/tasks/payout-jobs";
import { createOrder } from "@/lib/orders/create-order";
import { requestRefund } from "@/lib/refunds/request-refund";
import { describeWithDatabase, type DatabaseContext } from "@/lib/testing/database";
import { createAccount, createBillingProfile, createUser, ledgerInvariant } from "@/lib/testing/factories";
import { payInEmulator, startTestCashfree, type TestCashfree } from "@/lib/testing/orders";
import { deliverAndSettle } from "@/lib/testing/run-jobs";
import { sqlClient } from "@/lib/testing/sql-client";
import { checkInvariants } from "@/reliability/harness";
import { approvePayout } from "./approve-payout";
import { requestPayout } from "./request-payout";
import { sendPayoutTransfer } from "./send-payout-transfer";

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

const { POST: requestRoute, GET: listRoute } = await import("@/app/api/v1/payouts/route");
const { GET: getRoute } = await import("@/app/api/v1/payouts/[payout_id]/route");
const { POST: webhookRoute } = await import("@/app/api/v1/payouts/webhook/route");
const { POST: approveRoute } = await import("@/app/api/v1/admin/payouts/[payout_id]/approve/route");
const { POST: rejectRoute } = await import("@/app/api/v1/admin/payouts/[payout_id]/reject/route");

const ORIGIN = "http://localhost:3000";
function req(method: string, path: string, body?: unknown, headers: Record<string, string> = {}) {
  return new Request(`${ORIGIN}${path}`, {
    method,
    headers: { origin: ORIGIN, ...(body === undefined ? {} : { "content-type": "application/json" }), ...headers },
    body: body === undefined ? undefined : typeof body === "string" ? body : JSON.stringify(body),
  });
}
type Handler = (r: Request, c?: never) => Promise<Response>;
async function call(handler: Handler, request: Request, params?: Record<string, string>) {
  const response = await handler(request, (params ? { params: Promise.resolve(params) } : undefined) as never);
  const text = await response.text();
  return { status: response.status, body: (text ? JSON.parse(text) : null) as Record<string, any> }; // eslint-disable-line @typescript-eslint/no-explicit-any
}

const BENEFICIARY = { name: "Asha Traders", account_number: "026291800001191", ifsc: "yesb0000262" };
const payoutSecret = () => getEnv().CASHFREE_PAYOUT_CLIENT_SECRET;

let cf: TestCashfree;
let payoutsClient: CashfreePayoutsClient;
beforeAll(async () => {
  cf = await startTestCashfree();
  // The emulator's Payouts stand-in with the app's payout credentials (they differ from the payment ones).
  const { startEmulator } = await import("@/emulator/server");
  const env = getEnv();
  const emulator = await startEmulator({
    clientId: env.CASHFREE_CLIENT_ID,
    clientSecret: env.CASHFREE_CLIENT_SECRET,
    payoutClientId: env.CASHFREE_PAYOUT_CLIENT_ID,
    payoutClientSecret: env.CASHFREE_PAYOUT_CLIENT_SECRET,
    webhookRetryDelaysMs: [],
  });
  const close = cf.close;
  cf = { ...cf, close: async () => (await close(), await emulator.close()) };
  payoutsEmulatorUrl = emulator.url;
  payoutsClient = createCashfreePayoutsClient({ env: "emulator", baseUrl: `${emulator.url}/payout`, clientId: env.CASHFREE_PAYOUT_CLIENT_ID, clientSecret: env.CASHFREE_PAYOUT_CLIENT_SECRET, maxRetries: 0 });
});
let payoutsEmulatorUrl = "";
afterAll(async () => {
  await cf?.close();
});

async function operator(ctx: DatabaseContext) {
  const user = await createUser(ctx.db);
  await ctx.db.update(users).set({ isOperator: true }).where(eq(users.id, user.id));
  return user.id;
}

/** A paid, invoiced top-up through the payments emulator (the credit note needs its invoice). */
async function paidTopUp(ctx: DatabaseContext, accountId: string, ownerId: string, credits: number) {
  const order = await createOrder({ db: ctx.db, cashfree: cf.client }, { accountId, userId: ownerId, request: { type: "credit_topup", credits } });
  const paid = await payInEmulator(cf, order.order_id, "success");
  expect((await deliverAndSettle(ctx, { secret: cf.secret, rawBody: paid.webhook!.raw_body })).settled).toBe("paid");
  return order.order_id;
}

async function runPayoutJobs(ctx: DatabaseContext) {
  const deps = { db: ctx.db, payouts: payoutsClient };
  await runJobsOnceWith(ctx.url, {
    "send-payout-transfer": sendPayoutTransferTask(deps),
    "poll-payout": pollPayoutTask(deps),
    "issue-payout-credit-notes": issuePayoutCreditNotesTask(deps),
  });
}

async function settleTransfer(transferId: string, status: string): Promise<string> {
  const response = await fetch(`${payoutsEmulatorUrl}/__control/payouts/transfers/${transferId}/settle`, {
    method: "POST",
    headers: { "content-type": "application/json" },
    body: JSON.stringify({ status, deliver: false }),
  });
  expect(response.status).toBe(200);
  return ((await response.json()) as { webhook: { raw_body: string } }).webhook.raw_body;
}

async function emulatorTransfers(): Promise<{ transfer_id: string; status: string; transfer_amount: number }[]> {
  return ((await (await fetch(`${payoutsEmulatorUrl}/__control/payouts/transfers`)).json()) as { transfers: never[] }).transfers;
}

function signedWebhook(rawBody: string, timestampMs = Date.now(), secret = payoutSecret()) {
  return req("POST", "/api/v1/payouts/webhook", rawBody, {
    "x-webhook-signature": signWebhook(secret, timestampMs, rawBody),
    "x-webhook-timestamp": String(timestampMs),
    "x-webhook-version": "2024-01-01",
  });
}

const ledgerOf = (db: Db, payoutId: string) => db.select().from(ledgerEntries).where(like(ledgerEntries.causeKey, `payout:${payoutId}%`));
const eventsOf = (db: Db, type: string, payoutId: string) => db.select().from(outboxEvents).where(and(eq(outboxEvents.eventType, type), eq(outboxEvents.causeKey, `${type}:${payoutId}`)));

describeWithDatabase("payouts", (ctx) => {
  beforeEach(() => {
    session.db = ctx.db as Db;
    session.userId = null;
  });

  it("20 concurrent retries of one request and a duplicated webhook → one payout, one transfer, one debit, one credit note", async () => {
    const { accountId, ownerId } = await createAccount(ctx.db);
    await createBillingProfile(ctx.db, accountId);
    const orderId = await paidTopUp(ctx, accountId, ownerId, 500);
    session.userId = ownerId;

    const body = { credits: 200, beneficiary: BENEFICIARY, note: "withdraw unused" };
    const answers = await Promise.all(Array.from({ length: 20 }, () => call(requestRoute, req("POST", "/api/v1/payouts", body, { "idempotency-key": "payout-retry-1" }))));
    const created = answers.filter((a) => a.status === 201);
    // The first claims the key; the others replay it or are told it is still in flight (409): none pays again.
    expect(created.length).toBeGreaterThanOrEqual(1);
    expect(answers.every((a) => a.status === 201 || (a.status === 409 && a.body.error.code === "idempotency_key_in_use"))).toBe(true);
    expect(new Set(created.map((a) => a.body.payout_id)).size).toBe(1);
    const replay = await call(requestRoute, req("POST", "/api/v1/payouts", body, { "idempotency-key": "payout-retry-1" }));
    expect(replay.body.payout_id).toBe(created[0]!.body.payout_id);
    const payoutId = replay.body.payout_id as string;
    expect(replay.body).toMatchObject({ status: "requested", credits: 200, amount_paise: 20000, amount: 200, beneficiary: { name: "Asha Traders", account_number: "XXXXXXXXXXX1191", ifsc: "YESB0000262" } });
    expect(await ctx.db.select().from(payouts).where(eq(payouts.accountId, accountId))).toHaveLength(1);
    expect(await ledgerInvariant(ctx.db, accountId)).toMatchObject({ balance: 300n, ledgerSum: 300n });

    const op = await operator(ctx);
    session.userId = op;
    expect(await call(approveRoute, req("POST", `/api/v1/admin/payouts/${payoutId}/approve`), { payout_id: payoutId })).toMatchObject({
      status: 200,
      body: { outcome: "approved", status: "approved", first_approved_by_user_id: op, allocations: [{ order_id: orderId, credits: 200, amount_paise: 20000 }] },
    });
    // The transfer job run twice (a retry after a lost answer): one transfer, transfer_id = the payout id.
    await runPayoutJobs(ctx);
    expect(await sendPayoutTransfer({ db: ctx.db, payouts: payoutsClient }, payoutId)).toBe("payout_still_processing");
    expect((await emulatorTransfers()).filter((t) => t.transfer_id === payoutId)).toEqual([expect.objectContaining({ transfer_amount: 200, status: "RECEIVED" })]);

    const rawBody = await settleTransfer(payoutId, "SUCCESS");
    const deliveries = await Promise.all([0, 1, 2].map(() => call(webhookRoute, signedWebhook(rawBody))));
    expect(deliveries.map((d) => d.status)).toEqual([200, 200, 200]);
    expect(deliveries.map((d) => d.body.outcome).sort()).toEqual(["payout_processed", "payout_unchanged", "payout_unchanged"]);
    expect((await call(webhookRoute, signedWebhook(rawBody))).body.outcome).toBe("payout_unchanged");
    await runPayoutJobs(ctx);
    await runPayoutJobs(ctx);

    session.userId = ownerId;
    expect(await call(getRoute, req("GET", `/api/v1/payouts/${payoutId}`), { payout_id: payoutId })).toMatchObject({ status: 200, body: { status: "processed", transfer_utr: expect.stringMatching(/^UTR/) } });
    const ledger = await ledgerOf(ctx.db, payoutId);
    expect(ledger.map((l) => [l.kind, l.amountCredits])).toEqual([["payout", -200n]]);
    const notes = await ctx.db.select().from(creditNotes).where(eq(creditNotes.payoutId, payoutId));
    expect(notes).toHaveLength(1);
    expect(notes[0]).toMatchObject({ orderId, totalPaise: 20000n });
    expect(await eventsOf(ctx.db, "payout.processed", payoutId)).toHaveLength(1);
    expect((await eventsOf(ctx.db, "payout.processed", payoutId))[0]!.payload).toMatchObject({ event: "payout.processed", payout_id: payoutId, amount: 200, currency: "INR", status: "processed", payee: "Asha Traders" });
    const sql = sqlClient(ctx.url, 2);
    try {
      expect((await checkInvariants(sql)).violations).toEqual([]);
    } finally {
      await sql.end();
    }
  });

  it("a rejected payout returns its credits once (concurrent rejects); a failed transfer too, however often its webhook comes", async () => {
    const { accountId, ownerId } = await createAccount(ctx.db);
    await createBillingProfile(ctx.db, accountId);
    await paidTopUp(ctx, accountId, ownerId, 300);
    session.userId = ownerId;
    const first = await call(requestRoute, req("POST", "/api/v1/payouts", { credits: 120, beneficiary: BENEFICIARY }));
    expect(first.status).toBe(201);
    expect(await ledgerInvariant(ctx.db, accountId)).toMatchObject({ balance: 180n });

    const op = await operator(ctx);
    session.userId = op;
    const rejects = await Promise.all([0, 1, 2, 3].map(() => call(rejectRoute, req("POST", `/api/v1/admin/payouts/${first.body.payout_id}/reject`, { reason: "KYC mismatch" }), { payout_id: first.body.payout_id })));
    expect(rejects.map((r) => r.status)).toEqual([200, 200, 200, 200]);
    expect(rejects[0]!.body).toMatchObject({ status: "rejected", rejected_by_user_id: op, rejection_reason: "KYC mismatch" });
    expect((await ledgerOf(ctx.db, first.body.payout_id)).map((l) => [l.kind, l.amountCredits]).sort()).toEqual([["payout", -120n], ["payout_release", 120n]]);
    expect(await ledgerInvariant(ctx.db, accountId)).toMatchObject({ balance: 300n, ledgerSum: 300n });
    expect(await eventsOf(ctx.db, "payout.rejected", first.body.payout_id)).toHaveLength(1);
    expect(await call(approveRoute, req("POST", `/api/v1/admin/payouts/${first.body.payout_id}/approve`), { payout_id: first.body.payout_id })).toMatchObject({ status: 409, body: { error: { code: "payout_not_requested" } } });

    session.userId = ownerId;
    const second = await call(requestRoute, req("POST", "/api/v1/payouts", { credits: 50, beneficiary: BENEFICIARY }));
    session.userId = op;
    await call(approveRoute, req("POST", `/api/v1/admin/payouts/${second.body.payout_id}/approve`), { payout_id: second.body.payout_id });
    await runPayoutJobs(ctx);
    const failed = await settleTransfer(second.body.payout_id, "FAILED");
    const outcomes = await Promise.all([0, 1].map(() => call(webhookRoute, signedWebhook(failed))));
    expect(outcomes.map((o) => o.body.outcome).sort()).toEqual(["payout_failed", "payout_unchanged"]);
    expect((await ledgerOf(ctx.db, second.body.payout_id)).map((l) => l.amountCredits).sort()).toEqual([-50n, 50n]);
    expect(await ledgerInvariant(ctx.db, accountId)).toMatchObject({ balance: 300n, ledgerSum: 300n });
    expect(await ctx.db.select().from(creditNotes).where(eq(creditNotes.payoutId, second.body.payout_id))).toHaveLength(0);

    session.userId = ownerId;
    const listed = await call(listRoute, req("GET", "/api/v1/payouts?status=rejected"));
    expect(listed.body.payouts.map((p: { payout_id: string }) => p.payout_id)).toEqual([first.body.payout_id]);
    const sql = sqlClient(ctx.url, 2);
    try {
      expect((await checkInvariants(sql)).violations).toEqual([]);
    } finally {
      await sql.end();
    }
  });

  it("above the limit two different operators approve (maker ≠ checker), each recorded", async () => {
    const { accountId, ownerId } = await createAccount(ctx.db);
    await createBillingProfile(ctx.db, accountId);
    await paidTopUp(ctx, accountId, ownerId, 100);
    const payout = await requestPayout(ctx.db, { accountId, body: { credits: 80n, beneficiary: { ...BENEFICIARY, ifsc: "YESB0000262" } }, requestedByUserId: ownerId, requestedByApiKeyId: null, secondApprovalAbovePaise: 5000n });
    expect(payout.approvalsRequired).toBe(2);
    const [maker, checker] = [await operator(ctx), await operator(ctx)];
    expect(await approvePayout(ctx.db, { payoutId: payout.id, operatorUserId: maker })).toMatchObject({ outcome: "awaiting_second_approval", payout: { status: "requested", firstApprovedByUserId: maker } });
    session.userId = maker;
    expect(await call(approveRoute, req("POST", `/api/v1/admin/payouts/${payout.id}/approve`), { payout_id: payout.id })).toMatchObject({ status: 409, body: { error: { code: "payout_needs_another_operator" } } });
    const done = await approvePayout(ctx.db, { payoutId: payout.id, operatorUserId: checker });
    expect(done).toMatchObject({ outcome: "approved", payout: { status: "approved", firstApprovedByUserId: maker, secondApprovedByUserId: checker } });
    expect(done.payout.secondApprovedAt).toBeInstanceOf(Date);
    const jobs = rowsOf<{ n: number }>(await ctx.db.execute(dsql`select count(*)::int as n from graphile_worker._private_jobs where key = ${`send-payout-transfer:${payout.id}`}`));
    expect(jobs[0]!.n).toBe(1);
  });

  it("withdraws from the newest top-ups first; short balance → 402 with nothing written; bad bank details → 400; another account → 404", async () => {
    const { accountId, ownerId } = await createAccount(ctx.db);
    await createBillingProfile(ctx.db, accountId);
    const older = await paidTopUp(ctx, accountId, ownerId, 100);
    const newer = await paidTopUp(ctx, accountId, ownerId, 100);
    session.userId = ownerId;
    const short = await call(requestRoute, req("POST", "/api/v1/payouts", { credits: 201, beneficiary: BENEFICIARY }));
    expect(short).toMatchObject({ status: 402, body: { error: { code: "insufficient_balance", details: { available_credits: "200" } } } });
    for (const beneficiary of [{ ...BENEFICIARY, ifsc: "YESB1000262" }, { ...BENEFICIARY, account_number: "12345678" }, { ...BENEFICIARY, account_number: "1234567890123456789" }]) {
      expect(await call(requestRoute, req("POST", "/api/v1/payouts", { credits: 10, beneficiary }))).toMatchObject({ status: 400, body: { error: { code: "invalid_request" } } });
    }
    expect(await ctx.db.select().from(payouts).where(eq(payouts.accountId, accountId))).toHaveLength(0);

    const made = await call(requestRoute, req("POST", "/api/v1/payouts", { credits: 150, beneficiary: BENEFICIARY }));
    expect(made.status).toBe(201);
    const allocations = await ctx.db.select().from(payoutAllocations).where(eq(payoutAllocations.payoutId, made.body.payout_id));
    expect(Object.fromEntries(allocations.map((a) => [a.orderId, a.credits]))).toEqual({ [newer]: 100n, [older]: 50n });

    const op = await operator(ctx);
    session.userId = op;
    await call(approveRoute, req("POST", `/api/v1/admin/payouts/${made.body.payout_id}/approve`), { payout_id: made.body.payout_id });
    await runPayoutJobs(ctx);
    await call(webhookRoute, signedWebhook(await settleTransfer(made.body.payout_id, "SUCCESS")));
    await runPayoutJobs(ctx);
    const notes = await ctx.db.select().from(creditNotes).where(eq(creditNotes.payoutId, made.body.payout_id));
    expect(Object.fromEntries(notes.map((n) => [n.orderId, n.totalPaise]))).toEqual({ [newer]: 10000n, [older]: 5000n });

    const other = await createAccount(ctx.db);
    session.userId = other.ownerId;
    expect(await call(getRoute, req("GET", `/api/v1/payouts/${made.body.payout_id}`), { payout_id: made.body.payout_id })).toMatchObject({ status: 404 });
    expect((await call(listRoute, req("GET", "/api/v1/payouts"))).body.payouts).toEqual([]);
  });

  it("a reversal after success returns the credits once and flags the orders; refunds cannot take credits a payout holds", async () => {
    const { accountId, ownerId } = await createAccount(ctx.db);
    await createBillingProfile(ctx.db, accountId);
    const orderId = await paidTopUp(ctx, accountId, ownerId, 100);
    session.userId = ownerId;
    const made = await call(requestRoute, req("POST", "/api/v1/payouts", { credits: 70, beneficiary: BENEFICIARY }));
    // 30 credits are left on the order for a refund: the payout's 70 count against it.
    await expect(requestRefund(ctx.db, { accountId, orderId, credits: 31n, reason: "also", requestedByUserId: ownerId })).rejects.toMatchObject({ code: "refund_exceeds_refundable", details: { refundable_credits: "30" } });
    session.userId = await operator(ctx);
    await call(approveRoute, req("POST", `/api/v1/admin/payouts/${made.body.payout_id}/approve`), { payout_id: made.body.payout_id });
    await runPayoutJobs(ctx);
    await call(webhookRoute, signedWebhook(await settleTransfer(made.body.payout_id, "SUCCESS")));
    await runPayoutJobs(ctx);
    const reversed = await settleTransfer(made.body.payout_id, "REVERSED");
    const outcomes = await Promise.all([0, 1].map(() => call(webhookRoute, signedWebhook(reversed))));
    expect(outcomes.map((o) => o.body.outcome).sort()).toEqual(["payout_reversed", "payout_unchanged"]);
    // A late SUCCESS (out of order) changes nothing either.
    expect((await call(webhookRoute, signedWebhook(JSON.stringify({ type: "TRANSFER_SUCCESS", data: { transfer_id: made.body.payout_id, status: "SUCCESS", transfer_amount: 70 } })))).body.outcome).toBe("payout_unchanged");
    expect((await ledgerOf(ctx.db, made.body.payout_id)).map((l) => l.amountCredits).sort()).toEqual([-70n, 70n]);
    expect(await ledgerInvariant(ctx.db, accountId)).toMatchObject({ balance: 100n, ledgerSum: 100n });
    expect(await eventsOf(ctx.db, "payout.rejected", made.body.payout_id)).toHaveLength(1);
    const [order] = await ctx.db.select().from(orders).where(eq(orders.id, orderId));
    expect(order).toMatchObject({ flaggedForReview: true, reviewReason: expect.stringContaining(`payout ${made.body.payout_id} was reversed`) });
  });

  it("random input to every payout route → a 4xx envelope, never a 5xx, and nothing written (fast-check)", async () => {
    const { ownerId } = await createAccount(ctx.db);
    const op = await operator(ctx);
    const fieldNames = ["credits", "beneficiary", "name", "account_number", "ifsc", "note", "reason", "status", "amount"];
    const leaf = fc.oneof(fc.integer(), fc.double(), fc.string({ maxLength: 30 }), fc.constantFrom("\u0000", "1e309", "HDFC0001234", "026291800001191", "🦄".repeat(40)), fc.boolean(), fc.constant(null));
    const value = fc.letrec<{ v: unknown }>((tie) => ({ v: fc.oneof({ depthSize: "small" }, leaf, fc.array(tie("v"), { maxLength: 3 }), fc.dictionary(fc.constantFrom(...fieldNames), tie("v"), { maxKeys: 4 })) })).v;
    const count = async () => (await ctx.db.select().from(payouts)).length + (await ctx.db.select().from(ledgerEntries)).length;
    const before = await count();
    await fc.assert(
      fc.asyncProperty(value, fc.string({ maxLength: 20 }), fc.string({ maxLength: 30 }), async (body, param, query) => {
        const answers = [];
        session.userId = ownerId;
        answers.push(await call(requestRoute, req("POST", "/api/v1/payouts", body)));
        answers.push(await call(listRoute, req("GET", `/api/v1/payouts?${encodeURI(query)}`)));
        answers.push(await call(getRoute, req("GET", "/api/v1/payouts/x"), { payout_id: param }));
        answers.push(await call(webhookRoute, req("POST", "/api/v1/payouts/webhook", body)));
        session.userId = op;
        answers.push(await call(rejectRoute, req("POST", "/api/v1/admin/payouts/x/reject", body), { payout_id: param }));
        answers.push(await call(approveRoute, req("POST", "/api/v1/admin/payouts/x/approve"), { payout_id: param }));
        for (const a of answers) {
          expect(a.status).toBeLessThan(500);
          if (a.status >= 400) expect(a.body).toMatchObject({ success: false, error: { code: expect.any(String) } });
        }
      }),
      { numRuns: 40, seed: 20261203 },
    );
    expect(await count()).toBe(before);
  });

  it("the webhook: a bad signature or a stale timestamp → 401 and nothing changes", async () => {
    const body = JSON.stringify({ type: "TRANSFER_SUCCESS", event_time: "2026-12-03T10:00:00", data: { transfer_id: "po_nope", status: "SUCCESS", transfer_amount: 1 } });
    expect(await call(webhookRoute, signedWebhook(body, Date.now(), "not-the-secret"))).toMatchObject({ status: 401, body: { error: { code: "invalid_signature" } } });
    expect(await call(webhookRoute, signedWebhook(body, Date.now() - 10 * 60_000))).toMatchObject({ status: 401, body: { error: { details: { reason: "stale" } } } });
    expect(await call(webhookRoute, req("POST", "/api/v1/payouts/webhook", body))).toMatchObject({ status: 401 });
    expect(await call(webhookRoute, signedWebhook(body))).toMatchObject({ status: 200, body: { outcome: "unknown_payout" } });
  });
});
