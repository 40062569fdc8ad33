import { recordAudit } from "@/lib/audit/record-audit";
import { eq, sql } from "drizzle-orm";
import { PLANS, type PlanId } from "@/lib/config/plans";
import type { Db, Tx } from "@/lib/db";
import { rowsOf } from "@/lib/db/rows";
import { accounts, offlinePayments, offlineReceiptCounters, orders } from "@/lib/db/schema";
import { AppError, badRequest } from "@/lib/errors";
import { newId, newOrderId } from "@/lib/ids";
import { enqueueInvoiceJobs, numberInvoices } from "@/lib/invoices/issue-invoices";
import { paiseToRupees } from "@/lib/money/format-inr";
import { financialYearOf, istDateString } from "@/lib/money/ist";
import { applyPayment } from "@/lib/orders/apply-payment";
import { formatReceiptNumber, receiptPartsFor } from "./receipt-number";
import { enqueueReceiptRender } from "./render-jobs";
import type { RecordOfflinePaymentBody } from "./schemas";

/** `orders.cashfree_env` of an offline payment's order: never sent to Cashfree, never swept or reconciled. */
export const OFFLINE_ORDER_ENV = "offline";

export interface RecordOfflinePaymentInput extends RecordOfflinePaymentBody {
  operatorUserId: string;
  now?: Date;
}

export interface RecordedOfflinePayment {
  id: string;
  orderId: string;
  receiptNumber: string;
  invoiceNumber: string;
}

/** What the payment buys: credits at ₹1 each, or one month of a plan at its exact price. */
function purchaseOf(input: RecordOfflinePaymentInput): { type: "credit_topup" | "plan_upgrade"; credits: bigint; plan: PlanId | null } {
  const amountPaise = BigInt(input.amount_paise);
  if (input.pays_for === "plan") {
    const plan = PLANS[input.plan!];
    if (amountPaise !== plan.monthlyPricePaise) {
      throw badRequest(`amount_paise: the ${plan.name} plan costs ${plan.monthlyPricePaise} paise a month`, { field: "amount_paise" });
    }
    return { type: "plan_upgrade", credits: plan.includedCredits, plan: plan.id };
  }
  if (amountPaise % 100n !== 0n) throw badRequest("amount_paise: a credit top-up is a whole number of rupees (1 credit = ₹1)", { field: "amount_paise" });
  return { type: "credit_topup", credits: amountPaise / 100n, plan: null };
}

/**
 * Records a payment received outside Cashfree, in ONE transaction (operators only: policy
 * `operator:offline_payments`, checked by the route). It creates an order for the payment and settles it through
 * lib/orders/apply-payment.ts exactly as an online payment settles, so credits (cause `order:<id>`), plan,
 * `payment.completed` and the GST invoice are the online ones. Locking contract, in this order:
 * 1. the account row (FOR UPDATE, first), then the new order row (applyPayment's FOR UPDATE; nobody else can see it);
 * 2. the receipt counter of the recording date's financial year (counter upsert + insert … returning, one
 *    statement), held to COMMIT;
 * 3. the invoice counter (numberInvoices, the LAST statement), held to COMMIT.
 * Receipts and invoices are therefore both gap-free; no other transaction takes the receipt counter, and the
 * invoice counter is always taken last by everyone, so the two cannot deadlock. A bad amount or date, an
 * unknown account or a missing billing profile throws before anything commits: nothing changes.
 */
export async function recordOfflinePayment(db: Db, input: RecordOfflinePaymentInput): Promise<RecordedOfflinePayment> {
  const now = input.now ?? new Date();
  const today = istDateString(now);
  const paidOn = input.payment_date ?? today;
  if (paidOn > today) throw badRequest(`payment_date: ${paidOn} is in the future (today is ${today} IST)`, { field: "payment_date" });
  const purchase = purchaseOf(input);
  const amountPaise = BigInt(input.amount_paise);

  return db.transaction(async (tx) => {
    const id = newId("op");
    const orderId = newOrderId();
    // The account row first (FOR UPDATE): inserting the order takes a key-share lock on it, and two recordings for
    // one account would each hold that and wait for the other's grant (deadlock) if grantCredits locked it later.
    const [account] = await tx.select({ id: accounts.id }).from(accounts).where(eq(accounts.id, input.account_id)).for("update");
    if (!account) throw badRequest("account_id: no such account", { field: "account_id" });

    await tx.insert(orders).values({
      id: orderId,
      accountId: input.account_id,
      createdByUserId: input.operatorUserId,
      type: purchase.type,
      plan: purchase.plan,
      credits: purchase.credits,
      amountPaise,
      currency: "INR",
      status: "ACTIVE",
      cashfreeEnv: OFFLINE_ORDER_ENV,
      createdAt: now,
      updatedAt: now,
    });
    const applied = await applyPayment(
      tx,
      { orderId, accountId: input.account_id, payment: { cfPaymentId: id, status: "SUCCESS", amount: paiseToRupees(amountPaise), currency: "INR" } },
      now,
    );
    if (applied.result.outcome !== "paid") throw new Error(`offline order settled as ${applied.result.outcome}`);
    // Online, a payment without an invoice is kept and flagged; here the operator can fix the profile first.
    if (!applied.invoice) throw new AppError("billing_profile_incomplete", "The account's billing profile is missing or incomplete: no GST invoice can be issued. Nothing was recorded.");

    await enqueueInvoiceJobs(tx, [applied.invoice]);
    await enqueueReceiptRender(tx, id);
    const receiptNumber = await takeReceipt(tx, { id, orderId, input, purchase, amountPaise, paidOn, now });
    const [issued] = await numberInvoices(tx, [applied.invoice]);
    await recordAudit(tx, { action: "offline_payment.record", accountId: input.account_id, targetType: "offline_payment", targetId: id, after: { status: "Paid", amount_paise: amountPaise, mode: input.mode, paid_on: paidOn, reference: input.reference ?? null, credits: purchase.credits, plan: purchase.plan, order_id: orderId, receipt_number: receiptNumber } });
    return { id, orderId, receiptNumber, invoiceNumber: issued!.invoiceNumber };
  });
}

/** Step 2: the receipt counter and the payment row in one statement (the counter's lock is held to COMMIT). */
async function takeReceipt(
  tx: Tx,
  r: { id: string; orderId: string; input: RecordOfflinePaymentInput; purchase: ReturnType<typeof purchaseOf>; amountPaise: bigint; paidOn: string; now: Date },
): Promise<string> {
  const { fy } = financialYearOf(r.now);
  const parts = receiptPartsFor(fy);
  const result = await tx.execute(sql`
    with counter as (
      insert into ${offlineReceiptCounters} (financial_year, last_number) values (${fy}, 1)
      on conflict (financial_year) do update set last_number = ${offlineReceiptCounters}.last_number + 1
      returning last_number
    )
    insert into ${offlinePayments} (id, account_id, order_id, amount_paise, mode, paid_on, reference, pays_for, plan, credits, status,
                                    receipt_prefix, receipt_seq, receipt_suffix, receipt_number, financial_year, recorded_by_user_id, recorded_at)
    select ${r.id}, ${r.input.account_id}, ${r.orderId}, ${r.amountPaise.toString()}::bigint, ${r.input.mode}, ${r.paidOn}::date,
           ${r.input.reference || null}, ${r.input.pays_for}, ${r.purchase.plan}, ${r.purchase.credits.toString()}::bigint, 'Paid',
           ${parts.prefix}, last_number, ${parts.suffix}, ${parts.prefix} || last_number::text || ${parts.suffix}, ${fy},
           ${r.input.operatorUserId}, ${r.now.toISOString()}::timestamptz
    from counter
    returning receipt_seq, receipt_number`);
  const [row] = rowsOf<{ receipt_seq: number; receipt_number: string }>(result);
  if (!row) throw new Error("receipt numbering returned no row");
  // The same rule the database applies (≤ 16 characters); throwing rolls everything back, the counter too.
  const receiptNumber = formatReceiptNumber(parts, Number(row.receipt_seq));
  if (receiptNumber !== row.receipt_number) throw new Error(`receipt number mismatch: ${row.receipt_number} vs ${receiptNumber}`);
  return receiptNumber;
}
