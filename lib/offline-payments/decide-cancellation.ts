import { recordAudit } from "@/lib/audit/record-audit";
import { eq, sql } from "drizzle-orm";
import { issueCreditNote } from "@/lib/credit-notes/issue-credit-note";
import type { Db, Tx } from "@/lib/db";
import { rowsOf } from "@/lib/db/rows";
import { accounts, ledgerEntries, offlinePayments } from "@/lib/db/schema";
import { AppError, conflict, notFound } from "@/lib/errors";
import { formatCredits } from "@/lib/money/format-inr";
import { toOfflinePaymentView, type OfflinePaymentView } from "./offline-payment-view";

export interface DecideCancellationInput {
  paymentId: string;
  operatorUserId: string;
  decision: "approve" | "reject";
  now?: Date;
}

export interface DecidedCancellation {
  payment: OfflinePaymentView;
  creditNoteNumber: string | null;
}

/** The ledger's cause key of a cancellation's reversal: one per payment, ever. */
export const cancellationCauseKey = (paymentId: string) => `offline:${paymentId}:cancel`;

/**
 * The checker's step, by an operator other than the one who asked (maker ≠ checker; a database check enforces it
 * too). Reject: CancelRequest → Paid. Approve: CancelRequest → Cancelled, the payment's credits reversed through
 * the ledger (kind `reversal`, cause `offline:<id>:cancel`) and a credit note issued for the whole invoice. When
 * the account no longer holds those credits the approval is refused (402, `missing_credits` in the details) and
 * nothing changes: the balance never goes negative. Locking contract, in this order:
 * 1. the payment row (FOR UPDATE): concurrent decisions queue, the second finds it decided (409), so credits are
 *    reversed and a note issued once;
 * 2. the account row (the reversal statement);
 * 3. the invoice row and the credit-note counter (issueCreditNote, the LAST statements, held to COMMIT).
 * The plan period a plan payment bought is not taken back (its included credits are).
 */
export async function decideCancellation(db: Db, input: DecideCancellationInput): Promise<DecidedCancellation> {
  const now = input.now ?? new Date();
  return db.transaction(async (tx) => {
    const [payment] = await tx.select().from(offlinePayments).where(eq(offlinePayments.id, input.paymentId)).for("update");
    if (!payment) throw notFound("Offline payment");
    if (payment.status !== "CancelRequest") {
      throw conflict("conflict", `There is no pending cancel request; the payment is ${payment.status}.`, { status: payment.status });
    }
    if (payment.cancelRequestedByUserId === input.operatorUserId) {
      throw new AppError("insufficient_permissions", "A different operator must decide a cancellation you requested (maker ≠ checker).");
    }
    const decided = { cancelDecidedByUserId: input.operatorUserId, cancelDecidedAt: now };
    if (input.decision === "reject") {
      const [row] = await tx
        .update(offlinePayments)
        .set({ ...decided, status: "Paid", cancelDecision: "rejected" })
        .where(eq(offlinePayments.id, payment.id))
        .returning();
      await recordAudit(tx, { action: "offline_payment.cancel_reject", accountId: payment.accountId, targetType: "offline_payment", targetId: payment.id, before: { status: payment.status }, after: { status: row!.status } });
      return { payment: toOfflinePaymentView(row!), creditNoteNumber: null };
    }

    await reverseCredits(tx, payment);
    const [row] = await tx
      .update(offlinePayments)
      .set({ ...decided, status: "Cancelled", cancelDecision: "approved" })
      .where(eq(offlinePayments.id, payment.id))
      .returning();
    const note = await issueCreditNote(tx, {
      accountId: payment.accountId,
      orderId: payment.orderId,
      offlinePaymentId: payment.id,
      amountPaise: payment.amountPaise,
      reason: `Offline payment ${payment.receiptNumber} cancelled: ${payment.cancelReason ?? "no reason given"}`.slice(0, 500),
      issuedAt: now,
    });
    if (note.outcome === "exceeds_invoice" || note.outcome === "no_invoice") {
      // Recording always issues the full invoice; anything else is a bug, and throwing rolls the reversal back.
      throw new Error(`credit note for offline payment ${payment.id}: ${note.outcome}`);
    }
    await recordAudit(tx, { action: "offline_payment.cancel_approve", accountId: payment.accountId, targetType: "offline_payment", targetId: payment.id, before: { status: payment.status }, after: { status: row!.status, credits_reversed: payment.credits, credit_note_number: note.creditNoteNumber } });
    return { payment: toOfflinePaymentView(row!), creditNoteNumber: note.creditNoteNumber };
  });
}

/** Step 2: takes the payment's credits back in one statement, or refuses with the number missing. */
async function reverseCredits(tx: Tx, payment: typeof offlinePayments.$inferSelect): Promise<void> {
  const amount = payment.credits.toString();
  const result = await tx.execute(sql`
    with account as (
      select credit_balance from ${accounts} where id = ${payment.accountId} for update
    ), entry as (
      insert into ${ledgerEntries} (account_id, kind, amount_credits, balance_after_credits, cause_key, order_id, description, metadata)
      select ${payment.accountId}, 'reversal', -${amount}::bigint, credit_balance - ${amount}::bigint, ${cancellationCauseKey(payment.id)},
             ${payment.orderId}, ${`Offline payment ${payment.receiptNumber} cancelled`},
             ${JSON.stringify({ offline_payment_id: payment.id })}::jsonb
      from account where credit_balance >= ${amount}::bigint
      on conflict (cause_key) do nothing
      returning id
    ), moved as (
      update ${accounts} set credit_balance = credit_balance - ${amount}::bigint
      where id = ${payment.accountId} and exists (select 1 from entry)
      returning credit_balance
    )
    select (select credit_balance from account)::text as balance, (select id from entry)::text as entry_id`);
  const [row] = rowsOf<{ balance: string | null; entry_id: string | null }>(result);
  if (row?.balance === null || row?.balance === undefined) throw notFound("Account");
  if (row.entry_id !== null) return;
  const balance = BigInt(row.balance);
  if (balance < payment.credits) {
    const missing = payment.credits - balance;
    throw new AppError(
      "insufficient_balance",
      `Cannot cancel: ${formatCredits(payment.credits)} credits must be reversed but the account holds ${formatCredits(balance)}; ${formatCredits(missing)} credits are missing (already spent).`,
      { details: { missing_credits: missing.toString(), balance_credits: balance.toString(), credits: payment.credits.toString() } },
    );
  }
  throw new Error(`offline payment ${payment.id} was already reversed`);
}
