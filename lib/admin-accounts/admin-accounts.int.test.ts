/** Operator account search and the account page, through the real routes (auth, policy, zod), on real PostgreSQL. */
import { randomBytes } from "node:crypto";
import { afterAll, beforeAll, expect, it, vi } from "vitest";
import { holdCredits } from "@/lib/credits/hold-credits";
import { issueCreditNote } from "@/lib/credit-notes/issue-credit-note";
import { disputes, orders, payouts, refunds } from "@/lib/db/schema";
import { eq } from "drizzle-orm";
import { newId } from "@/lib/ids";
import { recordOfflinePayment } from "@/lib/offline-payments/record-offline-payment";
import { describeWithDatabase, type DatabaseContext } from "@/lib/testing/database";
import { createAccount, createBillingProfile, createUser, ledgerInvariant } from "@/lib/testing/factories";
import { createInvoicedOrder, insertSucceededRefund } from "@/lib/testing/invoices";
import { insertOrder } from "@/lib/testing/orders";
import { grantCredits } from "@/lib/credits/grant-credits";
import { gstinCheckChar } from "@/lib/gst/gstin";
import { OVERVIEW_LIST_LIMIT } from "./get-account-overview";

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

const { GET: searchRoute } = await import("@/app/api/v1/admin/accounts/route");
const { GET: accountRoute } = await import("@/app/api/v1/admin/accounts/[account_id]/route");
const { GET: adminOrdersRoute } = await import("@/app/api/v1/admin/orders/route");

const ORIGIN = "http://localhost:3000";
type Handler = (r: Request, c?: never) => Promise<Response>;
// eslint-disable-next-line @typescript-eslint/no-explicit-any
async function call(handler: Handler, path: string, params?: Record<string, string>): Promise<{ status: number; body: Record<string, any> }> {
  const response = await handler(new Request(`${ORIGIN}${path}`, { headers: { origin: ORIGIN } }), (params ? { params: Promise.resolve(params) } : undefined) as never);
  return { status: response.status, body: (await response.json()) as Record<string, unknown> };
}
const search = async (q: string) => {
  const r = await call(searchRoute, `/api/v1/admin/accounts?q=${encodeURIComponent(q)}`);
  expect(r.status, JSON.stringify(r.body)).toBe(200);
  return r.body as { kinds: string[]; accounts: { account_id: string; matched_by: string; matched: string; href: string }[] };
};
const foundIds = async (q: string) => (await search(q)).accounts.map((a) => a.account_id);

const letters = (n: number) => Array.from(randomBytes(n), (b) => String.fromCharCode(65 + (b % 26))).join("");
const digits = (n: number) => Array.from(randomBytes(n), (b) => String(b % 10)).join("");
const gstin = () => {
  const first14 = `29${letters(5)}${digits(4)}${letters(1)}1Z`;
  return `${first14}${gstinCheckChar(first14)}`;
};

/** An account with one identifier of every kind the search knows. */
async function identifiedAccount(ctx: DatabaseContext, operatorId: string) {
  const tag = letters(6);
  const owner = await createUser(ctx.db, { email: `owner-${tag.toLowerCase()}@${tag.toLowerCase()}.example` });
  const { accountId } = await createAccount(ctx.db, { name: `Zephyr ${tag} Analytics`, ownerId: owner.id });
  const profile = await createBillingProfile(ctx.db, accountId, { gstin: gstin(), email: `accounts-${tag.toLowerCase()}@billing.example`, legalName: `${tag} Data Private Limited` });
  const { order, invoice } = await createInvoicedOrder(ctx.db, { accountId, totalPaise: 100000n });
  await ctx.db.update(orders).set({ cfOrderId: digits(9).replace(/^0/, "7") }).where(eq(orders.id, order.id));
  const [withCf] = await ctx.db.select().from(orders).where(eq(orders.id, order.id));
  const refundId = await insertSucceededRefund(ctx.db, { accountId, orderId: order.id, amountPaise: 1000n });
  const note = await ctx.db.transaction((tx) => issueCreditNote(tx, { accountId, orderId: order.id, refundId, amountPaise: 1000n, reason: "Refund", issuedAt: new Date("2026-11-24T06:00:00Z") }));
  if (note.outcome !== "issued") throw new Error(note.outcome);
  const receipt = await recordOfflinePayment(ctx.db, { account_id: accountId, amount_paise: 50_000, mode: "Cheque", reference: "CHQ 1", pays_for: "credit_topup", operatorUserId: operatorId, now: new Date("2026-11-25T06:00:00Z") });
  return {
    accountId,
    identifiers: {
      account_id: accountId,
      name: tag.toLowerCase(),
      member_email: owner.email,
      billing_email: profile.email,
      gstin: profile.gstin!,
      legal_name: `${tag} Data`,
      order_id: order.id,
      cf_order_id: withCf!.cfOrderId!,
      invoice_number: invoice.invoiceNumber,
      credit_note_number: note.creditNoteNumber,
      receipt_number: receipt.receiptNumber,
    },
  };
}

describeWithDatabase("operator console: accounts", (ctx) => {
  let operatorId: string;
  let a: Awaited<ReturnType<typeof identifiedAccount>>;
  let b: Awaited<ReturnType<typeof identifiedAccount>>;
  beforeAll(async () => {
    session.db = ctx.db;
    operatorId = (await createUser(ctx.db, { isOperator: true })).id;
    a = await identifiedAccount(ctx, operatorId);
    b = await identifiedAccount(ctx, operatorId);
    session.userId = operatorId;
  });
  afterAll(() => {
    session.userId = null;
  });

  const KINDS = ["account_id", "name", "member_email", "billing_email", "gstin", "legal_name", "order_id", "cf_order_id", "invoice_number", "credit_note_number", "receipt_number"] as const;

  it.each(KINDS)("finds the account from its %s, and only that account", async (kind) => {
    expect(await foundIds(a.identifiers[kind])).toEqual([a.accountId]);
    expect(await foundIds(b.identifiers[kind])).toEqual([b.accountId]);
  });

  it("detects the kind from the shape and says what matched", async () => {
    const byInvoice = await search(a.identifiers.invoice_number.toLowerCase());
    expect(byInvoice.kinds).toEqual(["invoice_number"]);
    expect(byInvoice.accounts).toEqual([expect.objectContaining({ account_id: a.accountId, matched_by: "invoice_number", matched: a.identifiers.invoice_number, href: `/operator/accounts/${a.accountId}` })]);
    expect((await search(a.identifiers.gstin.toLowerCase())).accounts[0]).toMatchObject({ account_id: a.accountId, matched_by: "gstin" });
    expect((await search(a.identifiers.credit_note_number)).kinds).toEqual(["credit_note_number"]);
    expect((await search(a.identifiers.receipt_number)).accounts[0]).toMatchObject({ matched_by: "receipt_number" });
    expect((await search(a.identifiers.cf_order_id)).accounts[0]).toMatchObject({ matched_by: "cf_order_id", matched: a.identifiers.order_id });
  });

  it("no false hits across kinds: an unknown number of each shape finds nothing", async () => {
    const unknown = ["KH-2627-999999", "KC-2627-999999", "RCPT/99999/26-27", "29ZZZZZ9999Z1Z9", "cm_ffffffffffffffff", "nobody@nowhere.example", "Quetzalcoatl Industries", "123456789012"];
    for (const q of unknown) expect(await foundIds(q), q).toEqual([]);
    // A's invoice number is not B's, though both are invoices of the same shape and series.
    expect(await foundIds(a.identifiers.invoice_number)).not.toContain(b.accountId);
    // Shared words (both are "Zephyr … Analytics") find both, by name.
    expect((await foundIds("Zephyr")).sort()).toEqual(expect.arrayContaining([a.accountId, b.accountId].sort()));
  });

  it("refuses bad input with a 400 and non-operators with a 403", async () => {
    expect((await call(searchRoute, "/api/v1/admin/accounts")).status).toBe(400);
    expect((await call(searchRoute, "/api/v1/admin/accounts?q=x")).status).toBe(400);
    const { ownerId } = await createAccount(ctx.db);
    session.userId = ownerId;
    try {
      const refused = await call(searchRoute, `/api/v1/admin/accounts?q=${encodeURIComponent(a.identifiers.invoice_number)}`);
      expect(refused.status).toBe(403);
      expect(refused.body).toMatchObject({ success: false, error: { code: "insufficient_permissions" } });
      expect((await call(accountRoute, `/api/v1/admin/accounts/${a.accountId}`, { account_id: a.accountId })).status).toBe(403);
    } finally {
      session.userId = operatorId;
    }
  });

  it("the account page: spendable is the ledger balance, held the open holds' ledger entries", async () => {
    const { accountId } = await createAccount(ctx.db, { balanceCredits: 1000n });
    await createBillingProfile(ctx.db, accountId);
    const order = await insertOrder(ctx.db, { accountId, status: "PAID", credits: 500n });
    const pendingRefund = newId("rf");
    const succeededRefund = newId("rf");
    const openDispute = newId("dsp");
    const lostDispute = newId("dsp");
    await ctx.db.insert(refunds).values([
      { id: pendingRefund, accountId, orderId: order.id, credits: 200n, amountPaise: 20000n, reason: "r", status: "pending", initiatedBy: "operator" },
      { id: succeededRefund, accountId, orderId: order.id, credits: 50n, amountPaise: 5000n, reason: "r", status: "succeeded", initiatedBy: "operator" },
    ]);
    await ctx.db.insert(disputes).values([
      { id: openDispute, cfDisputeId: `cf_${openDispute}`, accountId, orderId: order.id, disputeType: "CHARGEBACK", cfStatus: "CHARGEBACK_CREATED", amountPaise: 10000n, heldCredits: 100n, resolution: "open" },
      { id: lostDispute, cfDisputeId: `cf_${lostDispute}`, accountId, orderId: order.id, disputeType: "CHARGEBACK", cfStatus: "CHARGEBACK_MERCHANT_LOST", amountPaise: 3000n, heldCredits: 30n, resolution: "lost" },
    ]);
    const openPayout = newId("po");
    const paidPayout = newId("po");
    const bank = { beneficiaryName: "Zephyr", bankAccountNumber: "1234567890", bankIfsc: "HDFC0001234", cfBeneficiaryId: "ben_1", approvalsRequired: 1 };
    await ctx.db.insert(payouts).values([
      { id: openPayout, accountId, credits: 70n, amountPaise: 7000n, status: "approved", ...bank },
      { id: paidPayout, accountId, credits: 20n, amountPaise: 2000n, status: "processed", ...bank },
    ]);
    await ctx.db.transaction(async (tx) => {
      await holdCredits(tx, { accountId, kind: "payout", amountCredits: 70n, causeKey: `payout:${openPayout}`, description: "hold" });
      await holdCredits(tx, { accountId, kind: "payout", amountCredits: 20n, causeKey: `payout:${paidPayout}`, description: "hold" });
      await holdCredits(tx, { accountId, kind: "refund", amountCredits: 200n, causeKey: `refund:${pendingRefund}`, description: "hold" });
      await holdCredits(tx, { accountId, kind: "refund", amountCredits: 50n, causeKey: `refund:${succeededRefund}`, description: "hold" });
      await holdCredits(tx, { accountId, kind: "dispute_hold", amountCredits: 100n, causeKey: `dispute:${openDispute}`, description: "hold" });
      await holdCredits(tx, { accountId, kind: "dispute_hold", amountCredits: 30n, causeKey: `dispute:${lostDispute}`, description: "hold" });
    });
    // More ledger entries than the page lists.
    for (let i = 0; i < OVERVIEW_LIST_LIMIT; i++) {
      await ctx.db.transaction((tx) => grantCredits(tx, { accountId, kind: "adjustment", amountCredits: 1n, causeKey: `adjustment:page:${accountId}:${i}`, description: "page test" }));
    }
    const r = await call(accountRoute, `/api/v1/admin/accounts/${accountId}`, { account_id: accountId });
    expect(r.status, JSON.stringify(r.body)).toBe(200);
    const expectedSpendable = 1000 - 70 - 20 - 200 - 50 - 100 - 30 + OVERVIEW_LIST_LIMIT;
    // A payout on its way holds its credits; a processed one's are gone for good, not held.
    expect(r.body.balance).toMatchObject({ spendable: expectedSpendable, balance: expectedSpendable, held: 370, held_for_refunds: 200, held_for_disputes: 100, held_for_payouts: 70 });
    expect(r.body.payouts.items.map((p: { payout_id: string }) => p.payout_id).sort()).toEqual([openPayout, paidPayout].sort());
    const invariant = await ledgerInvariant(ctx.db, accountId);
    expect(invariant.balance).toBe(BigInt(expectedSpendable));
    expect(invariant.ledgerSum).toBe(invariant.balance);
    expect(r.body.ledger.items).toHaveLength(OVERVIEW_LIST_LIMIT);
    expect(r.body.ledger.has_more).toBe(true);
    expect(r.body.ledger.items[0]).toMatchObject({ kind: "adjustment", cause_key: `adjustment:page:${accountId}:${OVERVIEW_LIST_LIMIT - 1}` });
    expect(r.body.refunds.items.map((x: { refund_id: string }) => x.refund_id).sort()).toEqual([pendingRefund, succeededRefund].sort());
    expect(r.body.disputes.items).toHaveLength(2);
    expect(r.body.orders.items).toEqual([expect.objectContaining({ order_id: order.id, status: "paid" })]);
    expect(r.body.members).toHaveLength(1);
    expect(r.body.suspension).toMatchObject({ suspended: false });
  });

  it("the account page of an identified account lists its documents, keys by prefix only", async () => {
    const r = await call(accountRoute, `/api/v1/admin/accounts/${a.accountId}`, { account_id: a.accountId });
    expect(r.status).toBe(200);
    expect(r.body.invoices.items.map((i: { invoice_number: string }) => i.invoice_number)).toContain(a.identifiers.invoice_number);
    expect(r.body.credit_notes.items.map((n: { credit_note_number: string }) => n.credit_note_number)).toEqual([a.identifiers.credit_note_number]);
    expect(r.body.offline_payments.items.map((p: { receipt_number: string }) => p.receipt_number)).toEqual([a.identifiers.receipt_number]);
    expect(r.body.billing_profile).toMatchObject({ gstin: a.identifiers.gstin });
    expect(JSON.stringify(r.body)).not.toMatch(/key_hash|secret_ciphertext|password/);
  });

  it("an account page's More link for orders lists that account's orders only", async () => {
    const page = await call(accountRoute, `/api/v1/admin/accounts/${a.accountId}`, { account_id: a.accountId });
    expect(page.body.orders.has_more).toBe(false);
    const listed = await call(adminOrdersRoute, `/api/v1/admin/orders?flagged=0&account_id=${a.accountId}`);
    expect(listed.status).toBe(200);
    const ids = listed.body.orders.map((o: { order_id: string; account_id: string }) => o.account_id);
    expect(ids.length).toBeGreaterThanOrEqual(2); // the invoiced order and the offline payment's
    expect(new Set(ids)).toEqual(new Set([a.accountId]));
    expect(listed.body.orders.map((o: { order_id: string }) => o.order_id).sort()).toEqual(page.body.orders.items.map((o: { order_id: string }) => o.order_id).sort());
  });

  it("an unknown account is a 404", async () => {
    const r = await call(accountRoute, "/api/v1/admin/accounts/acc_nonexistent", { account_id: "acc_nonexistent" });
    expect(r.status).toBe(404);
  });
});
