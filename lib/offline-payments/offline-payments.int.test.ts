/**
 * Offline payments on real PostgreSQL (issue 14, acceptance 1 and 2): concurrent recordings number receipts and
 * invoices gap-free; recording grants through the ledger and invoices as online; maker ≠ checker; a cancellation
 * after the credits were spent is refused and changes nothing; concurrent approvals reverse once, one credit note.
 */
import { and, eq, inArray } from "drizzle-orm";
import { beforeAll, describe, expect, it } from "vitest";
import { consumeCredits } from "@/lib/credits/consume-credits";
import { accounts, creditNotes, invoices, ledgerEntries, offlinePayments, orders } from "@/lib/db/schema";
import { AppError } from "@/lib/errors";
import { describeWithDatabase } from "@/lib/testing/database";
import { createAccount, createBillingProfile, createUser, ledgerInvariant } from "@/lib/testing/factories";
import { cancellationCauseKey, decideCancellation } from "./decide-cancellation";
import { queuedJobs } from "@/lib/testing/run-jobs";
import { ensureReceiptRendering } from "./ensure-receipt-rendering";
import { getReceiptPdf } from "./get-receipt-pdf";
import { listAccountOfflinePayments } from "./list-account-offline-payments";
import { recordOfflinePayment, type RecordOfflinePaymentInput } from "./record-offline-payment";
import { requestCancellation } from "./request-cancellation";

const NOW = new Date("2026-12-03T06:00:00Z"); // FY 2026-27, 3 Dec IST

async function rejection(promise: Promise<unknown>): Promise<AppError> {
  const error = await promise.then(
    () => null,
    (e: unknown) => e,
  );
  if (!(error instanceof AppError)) throw new Error(`expected an AppError, got ${String(error)}`);
  return error;
}

describeWithDatabase("offline payments", (ctx) => {
  let maker: string;
  let checker: string;
  beforeAll(async () => {
    maker = (await createUser(ctx.db, { isOperator: true })).id;
    checker = (await createUser(ctx.db, { isOperator: true })).id;
  });

  async function billedAccount() {
    const { accountId } = await createAccount(ctx.db);
    await createBillingProfile(ctx.db, accountId);
    return accountId;
  }
  const record = (accountId: string, over: Partial<RecordOfflinePaymentInput> = {}) =>
    recordOfflinePayment(ctx.db, { account_id: accountId, amount_paise: 500_000, mode: "Cheque", reference: "CHQ 004512, HDFC", pays_for: "credit_topup", operatorUserId: maker, now: NOW, ...over });
  const balanceOf = async (accountId: string) => (await ctx.db.select().from(accounts).where(eq(accounts.id, accountId)))[0]!.creditBalance;

  describe("recording", () => {
    it("grants the credits through the ledger, issues the GST invoice and a receipt, all linked", async () => {
      const accountId = await billedAccount();
      const recorded = await record(accountId);
      expect(recorded.receiptNumber).toMatch(/^RCPT\/\d+\/26-27$/);
      expect(recorded.receiptNumber.length).toBeLessThanOrEqual(16);
      expect(recorded.invoiceNumber).toMatch(/^KH-2627-\d{6}$/);
      const [payment] = await ctx.db.select().from(offlinePayments).where(eq(offlinePayments.id, recorded.id));
      expect(payment).toMatchObject({ status: "Paid", mode: "Cheque", paidOn: "2026-12-03", credits: 5000n, amountPaise: 500_000n, recordedByUserId: maker, receiptPrefix: "RCPT/", receiptSuffix: "/26-27" });
      const [order] = await ctx.db.select().from(orders).where(eq(orders.id, recorded.orderId));
      expect(order).toMatchObject({ status: "PAID", cashfreeEnv: "offline", amountPaise: 500_000n, paidAmountPaise: 500_000n, type: "credit_topup", createdByUserId: maker });
      const [invoice] = await ctx.db.select().from(invoices).where(eq(invoices.orderId, recorded.orderId));
      expect(invoice).toMatchObject({ invoiceNumber: recorded.invoiceNumber, totalPaise: 500_000n, accountId });
      const entries = await ctx.db.select().from(ledgerEntries).where(eq(ledgerEntries.accountId, accountId));
      expect(entries).toEqual([expect.objectContaining({ kind: "topup", amountCredits: 5000n, causeKey: `order:${recorded.orderId}` })]);
      expect(await balanceOf(accountId)).toBe(5000n);
    });

    it("the account's Payments page lists its own offline payments only, with mode, reference, receipt and invoice", async () => {
      const accountId = await billedAccount();
      const otherId = await billedAccount();
      const mine = await record(accountId, { mode: "Bank", reference: "UTR HDFCN52026120312345" });
      await record(otherId);
      expect(await listAccountOfflinePayments(ctx.db, accountId)).toEqual([
        expect.objectContaining({ id: mine.id, mode: "Bank", ref: "UTR HDFCN52026120312345", receipt_number: mine.receiptNumber, invoice_number: mine.invoiceNumber }),
      ]);
    });

    it("queues the receipt's render; the PDF is rendered once, stored, and only its account can download it", async () => {
      const accountId = await billedAccount();
      const otherId = await billedAccount();
      const { id } = await record(accountId);
      expect((await queuedJobs(ctx.db)).some((j) => j.task_identifier === "render-receipt-pdf" && j.payload.offlinePaymentId === id)).toBe(true);
      const first = await ensureReceiptRendering(ctx.db, id);
      expect(first.bytes.subarray(0, 5).toString()).toBe("%PDF-");
      const second = await ensureReceiptRendering(ctx.db, id);
      expect(second.sha256).toBe(first.sha256);
      const download = await getReceiptPdf(ctx.db, { accountId, paymentId: id });
      expect(download).toMatchObject({ sha256: first.sha256, notModified: false, filename: expect.stringMatching(/^receipt-RCPT-\d+-26-27\.pdf$/) });
      expect(await getReceiptPdf(ctx.db, { accountId, paymentId: id, ifNoneMatch: `"${first.sha256}"` })).toMatchObject({ notModified: true });
      expect((await rejection(getReceiptPdf(ctx.db, { accountId: otherId, paymentId: id }))).code).toBe("not_found");
    });

    it("a plan payment needs the plan's exact price and grants its included credits and the plan", async () => {
      const accountId = await billedAccount();
      const wrong = await rejection(record(accountId, { pays_for: "plan", plan: "pro", amount_paise: 100_000 }));
      expect(wrong.message).toMatch(/^amount_paise:/);
      await record(accountId, { pays_for: "plan", plan: "pro", amount_paise: 499_900 });
      const [account] = await ctx.db.select().from(accounts).where(eq(accounts.id, accountId));
      expect(account).toMatchObject({ plan: "pro", creditBalance: 6000n });
    });

    it.each([
      ["a future date", { payment_date: "2026-12-04" }, /^payment_date:/],
      ["fractional rupees for credits", { amount_paise: 50_050 }, /^amount_paise:/],
      ["an unknown account", { account_id: "acc_missing" }, /^account_id:/],
    ])("refuses %s, naming the field, and changes nothing", async (_, over, message) => {
      const accountId = await billedAccount();
      const error = await rejection(record(accountId, over));
      expect(error.code).toBe("invalid_request");
      expect(error.message).toMatch(message);
      expect(await ctx.db.select().from(offlinePayments).where(eq(offlinePayments.accountId, accountId))).toEqual([]);
      expect(await ctx.db.select().from(orders).where(eq(orders.accountId, accountId))).toEqual([]);
      expect(await balanceOf(accountId)).toBe(0n);
    });

    it("refuses an account without a billing profile (no invoice possible) and changes nothing", async () => {
      const { accountId } = await createAccount(ctx.db);
      expect((await rejection(record(accountId))).code).toBe("billing_profile_incomplete");
      expect(await ctx.db.select().from(orders).where(eq(orders.accountId, accountId))).toEqual([]);
      expect(await balanceOf(accountId)).toBe(0n);
    });

    it("50 payments recorded concurrently: receipts and invoices consecutive, no gap, no duplicate", async () => {
      const now = new Date("2031-05-10T06:00:00Z"); // FY 2031-32: its own fresh series
      const accountIds = await Promise.all(Array.from({ length: 5 }, () => billedAccount()));
      const recorded = await Promise.all(
        Array.from({ length: 50 }, (_, i) => record(accountIds[i % 5]!, { amount_paise: 10_000 * (i + 1), now, payment_date: "2031-05-09" })),
      );
      const rows = await ctx.db.select().from(offlinePayments).where(eq(offlinePayments.financialYear, "3132"));
      expect(rows.map((r) => r.receiptSeq).sort((a, b) => a - b)).toEqual(Array.from({ length: 50 }, (_, i) => i + 1));
      expect(new Set(recorded.map((r) => r.receiptNumber)).size).toBe(50);
      expect(rows.every((r) => r.receiptNumber === `RCPT/${r.receiptSeq}/31-32`)).toBe(true);
      const issued = await ctx.db.select().from(invoices).where(eq(invoices.financialYear, "3132"));
      expect(issued.map((r) => r.sequenceNumber).sort((a, b) => a - b)).toEqual(Array.from({ length: 50 }, (_, i) => i + 1));
      for (const accountId of accountIds) {
        const invariant = await ledgerInvariant(ctx.db, accountId);
        expect(invariant.balance).toBe(invariant.ledgerSum);
      }
    });
  });

  describe("cancellation", () => {
    it("maker ≠ checker; approval reverses the credits and issues one credit note for the invoice", async () => {
      const accountId = await billedAccount();
      const { id, orderId } = await record(accountId);
      const requested = await requestCancellation(ctx.db, { paymentId: id, operatorUserId: maker, reason: "cheque dishonoured", now: NOW });
      expect(requested).toMatchObject({ status: "CancelRequest", cancel_requested_by: maker, cancel_reason: "cheque dishonoured" });
      const self = await rejection(decideCancellation(ctx.db, { paymentId: id, operatorUserId: maker, decision: "approve", now: NOW }));
      expect(self.code).toBe("insufficient_permissions");

      const decided = await decideCancellation(ctx.db, { paymentId: id, operatorUserId: checker, decision: "approve", now: NOW });
      expect(decided.payment).toMatchObject({ status: "Cancelled", cancel_decided_by: checker, cancel_decision: "approved" });
      expect(decided.creditNoteNumber).toMatch(/^KC-2627-\d{6}$/);
      expect(await balanceOf(accountId)).toBe(0n);
      const [reversal] = await ctx.db.select().from(ledgerEntries).where(eq(ledgerEntries.causeKey, cancellationCauseKey(id)));
      expect(reversal).toMatchObject({ kind: "reversal", amountCredits: -5000n, balanceAfterCredits: 0n });
      const notes = await ctx.db.select().from(creditNotes).where(eq(creditNotes.orderId, orderId));
      expect(notes).toEqual([expect.objectContaining({ offlinePaymentId: id, totalPaise: 500_000n, refundId: null, disputeId: null })]);
    });

    it("rejection returns the payment to Paid and moves nothing; it can be requested again", async () => {
      const accountId = await billedAccount();
      const { id } = await record(accountId);
      await requestCancellation(ctx.db, { paymentId: id, operatorUserId: maker, reason: "entered twice", now: NOW });
      const decided = await decideCancellation(ctx.db, { paymentId: id, operatorUserId: checker, decision: "reject", now: NOW });
      expect(decided.payment).toMatchObject({ status: "Paid", cancel_decision: "rejected", cancel_decided_by: checker });
      expect(await balanceOf(accountId)).toBe(5000n);
      expect((await rejection(decideCancellation(ctx.db, { paymentId: id, operatorUserId: checker, decision: "approve", now: NOW }))).code).toBe("conflict");
      await requestCancellation(ctx.db, { paymentId: id, operatorUserId: checker, reason: "entered twice, really", now: NOW });
      expect((await decideCancellation(ctx.db, { paymentId: id, operatorUserId: maker, decision: "approve", now: NOW })).payment.status).toBe("Cancelled");
    });

    it("refuses the approval when the credits were spent, saying how many are missing, and changes nothing", async () => {
      const accountId = await billedAccount();
      const { id, orderId } = await record(accountId);
      await consumeCredits(ctx.db, { accountId, amountCredits: 1200n, idempotencyKey: `spend-${id}`, now: NOW });
      await requestCancellation(ctx.db, { paymentId: id, operatorUserId: maker, reason: "cheque dishonoured", now: NOW });
      const error = await rejection(decideCancellation(ctx.db, { paymentId: id, operatorUserId: checker, decision: "approve", now: NOW }));
      expect(error.code).toBe("insufficient_balance");
      expect(error.details).toMatchObject({ missing_credits: "1200", balance_credits: "3800" });
      expect(error.message).toMatch(/1,200 credits are missing/);
      expect(await balanceOf(accountId)).toBe(3800n);
      const [payment] = await ctx.db.select().from(offlinePayments).where(eq(offlinePayments.id, id));
      expect(payment).toMatchObject({ status: "CancelRequest", cancelDecidedByUserId: null });
      expect(await ctx.db.select().from(creditNotes).where(eq(creditNotes.orderId, orderId))).toEqual([]);
      expect(await ctx.db.select().from(ledgerEntries).where(eq(ledgerEntries.causeKey, cancellationCauseKey(id)))).toEqual([]);
    });

    it("concurrent approvals reverse once and issue one credit note", async () => {
      const accountId = await billedAccount();
      const { id, orderId } = await record(accountId);
      await requestCancellation(ctx.db, { paymentId: id, operatorUserId: maker, reason: "DD returned", now: NOW });
      const checkers = await Promise.all(Array.from({ length: 6 }, () => createUser(ctx.db, { isOperator: true })));
      const outcomes = await Promise.allSettled(checkers.map((c) => decideCancellation(ctx.db, { paymentId: id, operatorUserId: c.id, decision: "approve", now: NOW })));
      expect(outcomes.filter((o) => o.status === "fulfilled")).toHaveLength(1);
      for (const o of outcomes) if (o.status === "rejected") expect((o.reason as AppError).code).toBe("conflict");
      const reversals = await ctx.db.select().from(ledgerEntries).where(and(eq(ledgerEntries.accountId, accountId), eq(ledgerEntries.kind, "reversal")));
      expect(reversals).toHaveLength(1);
      expect(await ctx.db.select().from(creditNotes).where(eq(creditNotes.orderId, orderId))).toHaveLength(1);
      const invariant = await ledgerInvariant(ctx.db, accountId);
      expect(invariant).toMatchObject({ balance: 0n, ledgerSum: 0n });
    });

    it("a request on a payment that is not Paid is a 409 and changes nothing", async () => {
      const accountId = await billedAccount();
      const { id } = await record(accountId);
      await requestCancellation(ctx.db, { paymentId: id, operatorUserId: maker, reason: "first", now: NOW });
      expect((await rejection(requestCancellation(ctx.db, { paymentId: id, operatorUserId: checker, reason: "second", now: NOW }))).code).toBe("conflict");
      const [payment] = await ctx.db.select().from(offlinePayments).where(inArray(offlinePayments.id, [id]));
      expect(payment).toMatchObject({ cancelReason: "first", cancelRequestedByUserId: maker });
    });
  });
});
