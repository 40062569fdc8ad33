import { sql } from "drizzle-orm";
import type { BillingProfile } from "@/lib/billing-profile/get-billing-profile";
import type { Tx } from "@/lib/db";
import { accounts, ledgerEntries, orders } from "@/lib/db/schema";
import { prepareInvoice, type PreparedInvoice } from "@/lib/invoices/prepare-invoice";
import { invoicePayment, payingOrderIdOf, timeOfSupply, paymentCompletedEvent, paymentMethodColumns, rupeeAmountToPaise, topUpInvoiceDescription, topUpLedgerDescription, type PaymentInput, type SettleResult } from "./apply-payment";
import type { OrderRow } from "./order-view";
import { rowsOf } from "@/lib/db/rows";

/** An order locked by the batch's first statement, with the billing profile its invoice needs. */
export interface LockedOrder {
  order: OrderRow;
  profile: BillingProfile | null;
}

export interface TopUpSettlement {
  result: SettleResult;
  invoice: PreparedInvoice;
}

/**
 * The common case of a batch, settled together: a SUCCESS payment of exactly the order's amount and currency on
 * an unpaid credit top-up whose account has a complete billing profile. Anything else (plans, mismatches,
 * failures, a second payment, a missing profile) is null here and goes through applyPayment one by one. The
 * result and invoice are exactly what applyPayment's markPaid makes for it.
 */
export function asPlainTopUp(locked: LockedOrder | undefined, input: PaymentInput, now: Date): TopUpSettlement | null {
  if (!locked) return null;
  const { order, profile } = locked;
  const { payment } = input;
  if (order.type !== "credit_topup" || order.status === "PAID" || payment.status !== "SUCCESS") return null;
  if (input.accountId && input.accountId !== order.accountId) return null;
  if (rupeeAmountToPaise(payment.amount) !== order.amountPaise || payment.currency !== order.currency) return null;
  const completed = paymentCompletedEvent(order, payment.cfPaymentId, profile);
  const supplyAt = timeOfSupply(payment, now);
  const invoice = prepareInvoice({
    accountId: order.accountId,
    orderId: order.id,
    totalPaise: order.amountPaise,
    description: topUpInvoiceDescription(order.credits),
    quantityCredits: order.credits,
    issuedAt: supplyAt,
    profile,
    payment: invoicePayment(payment),
    alsoEnqueue: [completed],
  });
  if (!invoice.ok) return null;
  const paidRow: OrderRow = {
    ...order,
    status: "PAID",
    paidAt: supplyAt,
    cfPaymentId: payment.cfPaymentId,
    paidAmountPaise: order.amountPaise,
    ...paymentMethodColumns(payment),
    cfPayingOrderId: payingOrderIdOf(order, payment),
    updatedAt: now,
  };
  return { result: { outcome: "paid", order: paidRow, invoiceNumber: null }, invoice: invoice.invoice };
}

/**
 * Grants every plain top-up's credits and marks its order PAID in ONE statement: the accounts locked in id
 * order, one ledger entry per order (cause `order:<id>`, running balances chained per account in the given
 * order), each balance moved once by its sum, the orders updated. The caller holds the orders' locks. A cause
 * key already taken raises a unique violation (never silently skipped): the batch then rolls back and settles
 * again one event at a time, where the rules say what to do.
 */
export async function settlePlainTopUps(tx: Tx, settlements: TopUpSettlement[], now: Date): Promise<void> {
  if (settlements.length === 0) return;
  const items = settlements.map((s, ord) => {
    const o = s.result.order!;
    return {
      ord,
      order_id: o.id,
      account_id: o.accountId,
      credits: o.credits.toString(),
      cf_payment_id: o.cfPaymentId,
      payment_group: o.paymentGroup,
      payment_method: o.paymentMethod,
      paid_at: (o.paidAt ?? now).toISOString(),
      cf_paying_order_id: o.cfPayingOrderId,
      description: topUpLedgerDescription(o.credits),
    };
  });
  const at = now.toISOString();
  const result = await tx.execute(sql`
    with items as (
      select * from jsonb_to_recordset(${JSON.stringify(items)}::jsonb)
        as x(ord int, order_id text, account_id text, credits bigint, cf_payment_id text, payment_group text,
             payment_method jsonb, paid_at text, cf_paying_order_id text, description text)
    ), locked as (
      select a.id, a.credit_balance from ${accounts} a
      where a.id in (select account_id from items) order by a.id for update
    ), entries as (
      insert into ${ledgerEntries} (account_id, kind, amount_credits, balance_after_credits, cause_key, order_id, description, metadata)
      select i.account_id, 'topup', i.credits,
             l.credit_balance + sum(i.credits) over (partition by i.account_id order by i.ord),
             'order:' || i.order_id, i.order_id, i.description, jsonb_build_object('cf_payment_id', i.cf_payment_id)
      from items i join locked l on l.id = i.account_id
      order by i.account_id, i.ord
      returning account_id, amount_credits
    ), moved as (
      update ${accounts} a set credit_balance = a.credit_balance + t.total
      from (select account_id, sum(amount_credits) as total from entries group by account_id) t
      where a.id = t.account_id
      returning a.id
    ), paid as (
      update ${orders} o set status = 'PAID', paid_at = i.paid_at::timestamptz, cf_payment_id = i.cf_payment_id,
                             paid_amount_paise = o.amount_paise, payment_group = i.payment_group,
                             payment_method = i.payment_method, cf_paying_order_id = i.cf_paying_order_id,
                             updated_at = ${at}::timestamptz
      from items i where o.id = i.order_id and o.account_id = i.account_id
      returning o.id
    )
    select (select count(*) from entries)::int as granted, (select count(*) from paid)::int as paid`);
  const rows = rowsOf<{ granted: number; paid: number }>(result);
  const { granted, paid } = rows[0]!;
  if (granted !== settlements.length || paid !== settlements.length) {
    throw new Error(`plain top-ups: ${granted} grants and ${paid} orders paid for ${settlements.length} settlements`);
  }
}
