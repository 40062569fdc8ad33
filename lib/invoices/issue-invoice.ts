import { sql } from "drizzle-orm";
import { getEnv } from "@/lib/config/env";
import type { Tx } from "@/lib/db";
import { invoiceCounters, invoices, outboxEvents } from "@/lib/db/schema";
import { computeInvoice, InvoiceInputError } from "@/lib/gst/compute-invoice";
import { formatInvoiceNumber } from "@/lib/gst/invoice-number";
import { newId } from "@/lib/ids";
import { paiseToRupees } from "@/lib/money/format-inr";
import { financialYearOf, formatIstDate } from "@/lib/money/ist";
import { getBillingProfile, type BillingProfile } from "@/lib/billing-profile/get-billing-profile";
import { enqueueFanOuts } from "@/lib/outbound-webhooks/delivery-jobs";
import type { OutboxRow } from "@/lib/outbound-webhooks/enqueue-event";
import { enqueueInvoiceRender } from "./render-jobs";

export interface IssueInvoiceInput {
  accountId: string;
  orderId: string;
  /** GST-inclusive amount received, in paise. */
  totalPaise: bigint;
  description: string;
  /** Credits bought (printed as the quantity); omit for a plan month (quantity 1). */
  quantityCredits?: bigint;
  /** The invoice date; also picks the financial year (and so the number series). */
  issuedAt: Date;
  /** The billing profile, when the caller already read it (else it is read here). */
  profile?: BillingProfile | null;
  /** Other outbox events of the same settlement, written by the same final statement (saves a round trip). */
  alsoEnqueue?: OutboxRow[];
}

export type IssueInvoiceResult =
  | { issued: true; invoiceId: string; invoiceNumber: string; alreadyIssued: boolean }
  | { issued: false; reason: string };

/**
 * Issues the tax invoice of a settled order, inside the settling transaction, with its `invoice.created` outbox
 * event. The number comes from the financial year's counter row (upsert … returning), so it is consecutive and a
 * rollback leaves no gap; the counter row stays locked until the transaction ends, which serialises numbering, so
 * callers issue the invoice LAST. The snapshot (supplier from configuration, recipient from the billing profile
 * now) is stored whole and never recomputed.
 *
 * Returns `issued: false` (taking no number) when the snapshot cannot be built (no profile, invalid data):
 * the caller settles the payment anyway and flags the order for an operator.
 */
export async function issueInvoice(tx: Tx, input: IssueInvoiceInput): Promise<IssueInvoiceResult> {
  // No "already issued?" read: the caller holds the order's row lock and only settles an unpaid order, and the
  // unique index on invoices.order_id would roll back a second invoice anyway.
  const env = getEnv();
  const profile = input.profile !== undefined ? input.profile : await getBillingProfile(tx, input.accountId);
  if (!profile) return { issued: false, reason: "invoice_not_issued: the account has no billing profile" };

  let view;
  try {
    view = computeInvoice({
      totalPaise: input.totalPaise,
      supplier: {
        legalName: env.SUPPLIER_LEGAL_NAME,
        address: env.SUPPLIER_ADDRESS,
        stateCode: env.SUPPLIER_STATE_CODE,
        gstin: env.SUPPLIER_GSTIN,
      },
      recipient: {
        legalName: profile.legalName,
        address: [profile.addressLine1, profile.addressLine2, `${profile.city} ${profile.postalCode}`].filter(Boolean).join("\n"),
        stateCode: profile.stateCode,
        gstin: profile.gstin,
        email: profile.email,
        phone: profile.phone,
      },
      description: input.description,
      quantityCredits: input.quantityCredits,
    });
  } catch (error) {
    if (error instanceof InvoiceInputError) return { issued: false, reason: `invoice_not_issued: ${error.message}` };
    throw error;
  }

  const { fy } = financialYearOf(input.issuedAt);
  const id = newId("inv");
  const eventId = newId("evt");
  const issuedAtIst = formatIstDate(input.issuedAt);
  const amountRupees = paiseToRupees(input.totalPaise);
  const extraEvents = (input.alsoEnqueue ?? []).map((e) => ({
    id: e.id,
    account_id: e.accountId,
    event_type: e.eventType,
    cause_key: e.causeKey,
    payload: e.payload,
  }));
  // The events' fan-out jobs are queued first, outside the counter's lock: they need only the ids, and every
  // statement run under that lock serialises all settlements (graphile-worker's add_job is several statements).
  // So is the PDF's render job (rendered once, right after the commit: lib/invoices/render-jobs.ts).
  await enqueueFanOuts(tx, [eventId, ...extraEvents.map((e) => e.id)]);
  await enqueueInvoiceRender(tx, id);
  // One statement takes the number, stores the invoice and writes its `invoice.created` outbox event, and it is
  // the settling transaction's last: the financial year's counter row is locked from here until the commit, which
  // is what keeps numbers gap-free, so nothing else may run while it is held.
  const rows = await tx.execute<{ sequence_number: number; invoice_number: string }>(sql`
    with counter as (
      insert into ${invoiceCounters} (financial_year, last_number) values (${fy}, 1)
      on conflict (financial_year) do update set last_number = ${invoiceCounters}.last_number + 1
      returning last_number
    ), numbered as (
      select last_number as seq,
             ${env.INVOICE_PREFIX} || '-' || ${fy} || '-' || lpad(last_number::text, greatest(6, length(last_number::text)), '0') as num
      from counter
    ), invoice as (
      insert into ${invoices} (id, invoice_number, account_id, order_id, financial_year, sequence_number, issued_at,
                               taxable_paise, cgst_paise, sgst_paise, igst_paise, total_paise, snapshot)
      select ${id}, num, ${input.accountId}, ${input.orderId}, ${fy}, seq, ${input.issuedAt.toISOString()}::timestamptz,
             ${view.totals.taxablePaise}::bigint, ${view.totals.cgstPaise}::bigint, ${view.totals.sgstPaise}::bigint,
             ${view.totals.igstPaise}::bigint, ${view.totals.totalPaise}::bigint,
             ${JSON.stringify({ ...view, issuedAtIst })}::jsonb || jsonb_build_object('invoiceNumber', num)
      from numbered
      returning invoice_number, sequence_number
    ), event as (
      insert into ${outboxEvents} (id, account_id, event_type, cause_key, payload)
      select ${eventId}, ${input.accountId}, 'invoice.created', 'invoice.created:' || invoice_number,
             jsonb_build_object('id', ${eventId}::text, 'event', 'invoice.created', 'account_id', ${input.accountId}::text,
                                'order_id', ${input.orderId}::text, 'invoice_number', invoice_number,
                                'amount', ${amountRupees}::numeric, 'currency', 'INR', 'status', 'issued',
                                'timestamp', ${input.issuedAt.toISOString()}::text)
      from invoice
      on conflict (cause_key) do nothing
    ), other_events as (
      insert into ${outboxEvents} (id, account_id, event_type, cause_key, payload)
      select e.id, e.account_id, e.event_type, e.cause_key, e.payload
      from jsonb_to_recordset(${JSON.stringify(extraEvents)}::jsonb) as e(id text, account_id text, event_type text, cause_key text, payload jsonb)
      where exists (select 1 from invoice)
      on conflict (cause_key) do nothing
    )
    select sequence_number, invoice_number from invoice`);
  const row = (Array.isArray(rows) ? rows[0] : (rows as unknown as { rows: { sequence_number: number; invoice_number: string }[] }).rows[0])!;
  // Same rules as formatInvoiceNumber (≤ 16 characters, URL-safe); throwing rolls the settlement back.
  const invoiceNumber = formatInvoiceNumber(fy, Number(row.sequence_number), { prefix: env.INVOICE_PREFIX });
  if (invoiceNumber !== row.invoice_number) throw new Error(`invoice number mismatch: ${row.invoice_number} vs ${invoiceNumber}`);
  return { issued: true, invoiceId: id, invoiceNumber, alreadyIssued: false };
}
