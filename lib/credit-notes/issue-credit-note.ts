import { and, eq, sql } from "drizzle-orm";
import { getEnv } from "@/lib/config/env";
import type { Tx } from "@/lib/db";
import { rowsOf } from "@/lib/db/rows";
import { creditNoteCounters, creditNotes, invoices } from "@/lib/db/schema";
import { computeCreditNote, remainingCreditablePaise, type InvoiceSplitPaise } from "@/lib/gst/compute-credit-note";
import { formatInvoiceNumber } from "@/lib/gst/invoice-number";
import { newId } from "@/lib/ids";
import { financialYearOf } from "@/lib/money/ist";
import { buildCreditNoteSnapshot } from "./credit-note-snapshot";
import { enqueueCreditNoteRender } from "./render-jobs";

export interface CreditNoteRequest {
  accountId: string;
  orderId: string;
  /** exactly one of refundId / disputeId / offlinePaymentId / payoutId: the cause (unique per credit note; a payout's per order) */
  refundId?: string;
  disputeId?: string;
  /** A cancelled offline payment (lib/offline-payments/decide-cancellation.ts). */
  offlinePaymentId?: string;
  /** A processed payout (lib/payouts/issue-payout-credit-notes.ts): one note per order its credits came from. */
  payoutId?: string;
  /** GST-inclusive amount credited, paise (> 0) */
  amountPaise: bigint;
  /** printed reason, e.g. "Refund of 500 unused credits" / "Chargeback lost (dispute 123)" */
  reason: string;
  issuedAt: Date;
}

export type IssueCreditNoteOutcome =
  | { outcome: "issued"; creditNoteId: string; creditNoteNumber: string }
  | { outcome: "already_issued"; creditNoteId: string; creditNoteNumber: string }
  | { outcome: "no_invoice" }
  | { outcome: "exceeds_invoice"; remainingPaise: bigint };

/**
 * Issues the credit note of a completed refund, a lost dispute, a cancelled offline payment or a processed payout, inside the caller's transaction. Call it as the
 * LAST statement(s) of that transaction. Locking contract, in this order:
 * 1. the order's invoice row (FOR UPDATE, filtered by account), held to COMMIT: it serialises every note against
 *    that invoice, so the "already issued for this refund/dispute?" read and the sum of earlier notes are exact,
 *    and the notes of an invoice never exceed it however many are issued at once;
 * 2. the credit-note counter row of the issue date's financial year, by the LAST statement (counter upsert +
 *    insert … returning, one statement), held to COMMIT: numbers are gap-free and consecutive because a rollback
 *    rolls the counter back too. The render job is queued before it, so nothing else runs under that lock.
 * At most ONE note per transaction: a second one would lock another invoice while holding the counter, which can
 * deadlock with a transaction holding that invoice and waiting for the counter. Outcomes other than `issued`
 * write nothing. A request without exactly one cause or a non-positive amount is a caller's bug and throws.
 */
export async function issueCreditNote(tx: Tx, request: CreditNoteRequest): Promise<IssueCreditNoteOutcome> {
  const { accountId, orderId, refundId, disputeId, offlinePaymentId, payoutId, amountPaise, reason, issuedAt } = request;
  const causes = [refundId, disputeId, offlinePaymentId, payoutId].filter((c) => c !== undefined).length;
  if (causes !== 1) throw new RangeError("a credit note needs exactly one of refundId / disputeId / offlinePaymentId / payoutId");
  if (amountPaise <= 0n) throw new RangeError("credit note amount must be positive");
  if (!reason.trim()) throw new RangeError("credit note reason is required");

  const [invoice] = await tx
    .select()
    .from(invoices)
    .where(and(eq(invoices.orderId, orderId), eq(invoices.accountId, accountId)))
    .for("update");
  if (!invoice) return { outcome: "no_invoice" };

  const cause =
    refundId !== undefined
      ? eq(creditNotes.refundId, refundId)
      : disputeId !== undefined
        ? eq(creditNotes.disputeId, disputeId)
        : eq(creditNotes.offlinePaymentId, offlinePaymentId ?? "");
  const [existing] = await tx
    .select({ id: creditNotes.id, creditNoteNumber: creditNotes.creditNoteNumber })
    .from(creditNotes)
    .where(and(cause, eq(creditNotes.accountId, accountId)))
    .limit(1);
  if (existing) return { outcome: "already_issued", creditNoteId: existing.id, creditNoteNumber: existing.creditNoteNumber };

  const [prior] = await tx
    .select({ paise: sql<string>`coalesce(sum(${creditNotes.totalPaise}), 0)::text` })
    .from(creditNotes)
    .where(eq(creditNotes.invoiceId, invoice.id));
  const priorCreditedPaise = BigInt(prior?.paise ?? "0");
  const invoiceSplit: InvoiceSplitPaise = {
    taxablePaise: invoice.taxablePaise,
    cgstPaise: invoice.cgstPaise,
    sgstPaise: invoice.sgstPaise,
    igstPaise: invoice.igstPaise,
    roundOffPaise: invoice.roundOffPaise,
    totalPaise: invoice.totalPaise,
  };
  const remainingPaise = remainingCreditablePaise(invoiceSplit, priorCreditedPaise);
  if (amountPaise > remainingPaise) return { outcome: "exceeds_invoice", remainingPaise };

  const split = computeCreditNote({ invoice: invoiceSplit, priorCreditedPaise, amountPaise });
  const snapshot = buildCreditNoteSnapshot({
    invoiceSnapshot: invoice.snapshot,
    invoiceNumber: invoice.invoiceNumber,
    invoiceIssuedAt: invoice.issuedAt,
    split,
    reason: reason.trim(),
    issuedAt,
  });

  const id = newId("cn");
  await enqueueCreditNoteRender(tx, id);

  const prefix = getEnv().CREDIT_NOTE_PREFIX;
  const { fy } = financialYearOf(issuedAt);
  const result = await tx.execute(sql`
    with counter as (
      insert into ${creditNoteCounters} (financial_year, last_number) values (${fy}, 1)
      on conflict (financial_year) do update set last_number = ${creditNoteCounters}.last_number + 1
      returning last_number
    ), numbered as (
      select last_number as seq,
             ${prefix} || '-' || ${fy} || '-' || lpad(last_number::text, greatest(6, length(last_number::text)), '0') as num
      from counter
    )
    insert into ${creditNotes} (id, credit_note_number, account_id, invoice_id, order_id, refund_id, dispute_id, offline_payment_id, payout_id, financial_year,
                                sequence_number, issued_at, reason, taxable_paise, cgst_paise, sgst_paise, igst_paise, round_off_paise, total_paise, snapshot)
    select ${id}, num, ${accountId}, ${invoice.id}, ${orderId}, ${refundId ?? null}, ${disputeId ?? null}, ${offlinePaymentId ?? null}, ${payoutId ?? null}, ${fy},
           seq, ${issuedAt.toISOString()}::timestamptz, ${reason.trim()}, ${split.taxablePaise.toString()}::bigint,
           ${split.cgstPaise.toString()}::bigint, ${split.sgstPaise.toString()}::bigint, ${split.igstPaise.toString()}::bigint,
           ${split.roundOffPaise.toString()}::bigint, ${split.totalPaise.toString()}::bigint, ${JSON.stringify(snapshot)}::jsonb || jsonb_build_object('creditNoteNumber', num)
    from numbered
    returning credit_note_number, sequence_number`);
  const [row] = rowsOf<{ credit_note_number: string; sequence_number: number }>(result);
  if (!row) throw new Error("credit note numbering returned no row");
  // Same rules as invoice numbers (≤ 16 characters, URL-safe); throwing rolls the caller's transaction back.
  const creditNoteNumber = formatInvoiceNumber(fy, Number(row.sequence_number), { prefix });
  if (creditNoteNumber !== row.credit_note_number) throw new Error(`credit note number mismatch: ${row.credit_note_number} vs ${creditNoteNumber}`);
  return { outcome: "issued", creditNoteId: id, creditNoteNumber };
}
