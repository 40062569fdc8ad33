import { sql } from "drizzle-orm";
import { getEnv } from "@/lib/config/env";
import type { Tx } from "@/lib/db";
import { invoiceCounters, invoices, outboxEvents } from "@/lib/db/schema";
import { formatInvoiceNumber } from "@/lib/gst/invoice-number";
import { paiseToRupees } from "@/lib/money/format-inr";
import { formatIstDate } from "@/lib/money/ist";
import { enqueueFanOuts } from "@/lib/outbound-webhooks/delivery-jobs";
import { enqueueInvoiceRenders } from "./render-jobs";
import type { PreparedInvoice } from "./prepare-invoice";
import { rowsOf } from "@/lib/db/rows";

export interface IssuedInvoice {
  invoiceId: string;
  orderId: string;
  invoiceNumber: string;
}

/**
 * Queues what the issued invoices need after the commit, two jobs however many invoices: the fan-out of their
 * outbox events (`invoice.created` and those riding along) and the render of their PDFs. Run BEFORE numberInvoices, outside the counter's lock: the
 * jobs need only the ids (a fan-out whose event was never written does nothing), and every statement run under
 * that lock serialises all settlements (graphile-worker's add_job is several statements).
 */
export async function enqueueInvoiceJobs(tx: Tx, prepared: PreparedInvoice[]): Promise<void> {
  if (prepared.length === 0) return;
  await enqueueFanOuts(tx, prepared.flatMap((p) => [p.eventId, ...p.alsoEnqueue.map((e) => e.id)]));
  await enqueueInvoiceRenders(tx, prepared.map((p) => p.id));
}

/**
 * Numbers and stores k prepared invoices, with their outbox events, in ONE statement per financial year: the
 * year's counter row moves by k (`last_number + k … returning`) and the invoices take last-k+1 … last in the
 * order given (the settlement order). It must be the settling transaction's LAST statement: the counter row stays
 * locked from here until COMMIT, which is what keeps numbers gap-free under rollback, and it serialises every
 * settlement, so nothing else may run while it is held. Throwing (number mismatch) rolls the whole settlement back.
 * No "already issued?" read: callers hold each order's row lock and only settle an unpaid order, and the unique
 * index on invoices.order_id would roll a second invoice back anyway.
 */
export async function numberInvoices(tx: Tx, prepared: PreparedInvoice[]): Promise<IssuedInvoice[]> {
  const byYear = new Map<string, PreparedInvoice[]>();
  for (const p of prepared) byYear.set(p.financialYear, [...(byYear.get(p.financialYear) ?? []), p]);
  const issued: IssuedInvoice[] = [];
  for (const [fy, group] of byYear) issued.push(...(await numberYear(tx, fy, group)));
  return issued;
}

async function numberYear(tx: Tx, fy: string, group: PreparedInvoice[]): Promise<IssuedInvoice[]> {
  const prefix = getEnv().INVOICE_PREFIX;
  const k = group.length;
  const rows = group.map((p, i) => {
    const issuedAt = p.issuedAt.toISOString();
    return {
      ord: i + 1,
      id: p.id,
      event_id: p.eventId,
      account_id: p.accountId,
      order_id: p.orderId,
      issued_at: issuedAt,
      amount: paiseToRupees(BigInt(p.view.totals.totalPaise)),
      taxable: p.view.totals.taxablePaise,
      cgst: p.view.totals.cgstPaise,
      sgst: p.view.totals.sgstPaise,
      igst: p.view.totals.igstPaise,
      round_off: p.view.totals.roundOffPaise ?? "0",
      total: p.view.totals.totalPaise,
      snapshot: { ...p.view, issuedAtIst: formatIstDate(p.issuedAt) },
    };
  });
  const extraEvents = group.flatMap((p) =>
    p.alsoEnqueue.map((e) => ({ id: e.id, account_id: e.accountId, event_type: e.eventType, cause_key: e.causeKey, payload: e.payload })),
  );
  const result = await tx.execute(sql`
    with input as (
      select * from jsonb_to_recordset(${JSON.stringify(rows)}::jsonb) as r(
        ord int, id text, event_id text, account_id text, order_id text, issued_at text, amount numeric,
        taxable bigint, cgst bigint, sgst bigint, igst bigint, round_off bigint, total bigint, snapshot jsonb)
    ), counter as (
      insert into ${invoiceCounters} (financial_year, last_number) values (${fy}, ${k})
      on conflict (financial_year) do update set last_number = ${invoiceCounters}.last_number + ${k}
      returning last_number
    ), numbered as (
      select i.*, c.last_number - ${k} + i.ord as seq,
             ${prefix} || '-' || ${fy} || '-' || lpad((c.last_number - ${k} + i.ord)::text, greatest(6, length((c.last_number - ${k} + i.ord)::text)), '0') as num
      from input i cross join counter c
    ), invoice as (
      insert into ${invoices} (id, invoice_number, account_id, order_id, financial_year, sequence_number, issued_at,
                               taxable_paise, cgst_paise, sgst_paise, igst_paise, round_off_paise, total_paise, snapshot)
      select id, num, account_id, order_id, ${fy}, seq, issued_at::timestamptz, taxable, cgst, sgst, igst, round_off, total,
             snapshot || jsonb_build_object('invoiceNumber', num)
      from numbered
      returning id, order_id, invoice_number, sequence_number
    ), event as (
      insert into ${outboxEvents} (id, account_id, event_type, cause_key, payload)
      select n.event_id, n.account_id, 'invoice.created', 'invoice.created:' || n.num,
             jsonb_build_object('id', n.event_id, 'event', 'invoice.created', 'account_id', n.account_id,
                                'order_id', n.order_id, 'invoice_number', n.num,
                                'amount', n.amount, 'currency', 'INR', 'status', 'issued', 'timestamp', n.issued_at)
      from numbered n
      on conflict (cause_key) do nothing
    ), other_events as (
      insert into ${outboxEvents} (id, account_id, event_type, cause_key, payload)
      select e.id, e.account_id, e.event_type, e.cause_key, e.payload
      from jsonb_to_recordset(${JSON.stringify(extraEvents)}::jsonb) as e(id text, account_id text, event_type text, cause_key text, payload jsonb)
      on conflict (cause_key) do nothing
    )
    select id, order_id, invoice_number, sequence_number from invoice order by sequence_number`);
  const numbered = rowsOf<{ id: string; order_id: string; invoice_number: string; sequence_number: number }>(result);
  if (numbered.length !== k) throw new Error(`numbered ${numbered.length} of ${k} invoices`);
  return numbered.map((row) => {
    // Same rules as formatInvoiceNumber (≤ 16 characters, URL-safe); throwing rolls the settlement back.
    const invoiceNumber = formatInvoiceNumber(fy, Number(row.sequence_number), { prefix });
    if (invoiceNumber !== row.invoice_number) throw new Error(`invoice number mismatch: ${row.invoice_number} vs ${invoiceNumber}`);
    return { invoiceId: row.id, orderId: row.order_id, invoiceNumber };
  });
}
