import { CashfreeError, type CashfreeOrder, type CashfreePayment } from "@/lib/cashfree";
import { AppError } from "@/lib/errors";
import { closeOrder } from "./close-order";
import { clock, type OrderDeps } from "./deps";
import { getOrder } from "./get-order";
import { orderView, type OrderView } from "./order-view";
import { rupeeAmountToPaise, settleOrder, type ReportedPayment } from "./settle-order";

const FINAL_FAILURES = new Set(["FAILED", "USER_DROPPED", "CANCELLED", "VOID"]);

function reported(payment: CashfreePayment): ReportedPayment {
  return {
    cfPaymentId: payment.cf_payment_id,
    status: payment.payment_status,
    amount: payment.payment_amount,
    currency: payment.payment_currency,
    group: payment.payment_group,
    method: payment.payment_method,
    paidAtText: payment.payment_completion_time ?? payment.payment_time,
    cfOrderId: payment.order_id ?? null,
  };
}

function paymentTime(payment: CashfreePayment): number {
  const text = payment.payment_completion_time ?? payment.payment_time;
  const ms = text ? Date.parse(text) : NaN;
  return Number.isNaN(ms) ? 0 : ms;
}

export function providerError(error: unknown): AppError {
  return new AppError("payment_provider_error", "The payment provider could not be reached. Try again in a moment.", {
    cause: error instanceof CashfreeError ? error : undefined,
  });
}

/** Asks Cashfree for the order and its payments (both, in parallel). */
export async function fetchCashfreeState(deps: OrderDeps, orderId: string): Promise<{ cfOrder: CashfreeOrder; payments: CashfreePayment[] }> {
  try {
    const [cfOrder, payments] = await Promise.all([deps.cashfree.getOrder(orderId), deps.cashfree.getPaymentsForOrder(orderId)]);
    return { cfOrder, payments };
  } catch (error) {
    throw providerError(error);
  }
}

/** Oldest first: by time, then by Cashfree's increasing payment id (times are to the second). */
function byPaymentOrder(a: CashfreePayment, b: CashfreePayment): number {
  const byTime = paymentTime(a) - paymentTime(b);
  if (byTime !== 0) return byTime;
  const [idA, idB] = [String(a.cf_payment_id), String(b.cf_payment_id)];
  return idA.length - idB.length || (idA < idB ? -1 : idA > idB ? 1 : 0);
}

/**
 * Settles what Cashfree reports for one order through the one settlement function: a successful payment (the
 * one matching the order preferred), else the close Cashfree reports, else the latest final failure.
 */
async function applyCashfreeState(
  deps: OrderDeps,
  input: { accountId: string; orderId: string },
  payments: CashfreePayment[],
  closedAs: "EXPIRED" | "TERMINATED" | null,
): Promise<void> {
  const now = clock(deps);
  const { order } = await getOrder(deps.db, input);
  const successes = payments.filter((p) => p.payment_status === "SUCCESS");
  // Prefer the payment that matches the order; a mismatched one is settled (and flagged) only if it is all there is.
  const success = successes.find((p) => rupeeAmountToPaise(p.payment_amount) === order.amountPaise && p.payment_currency === order.currency) ?? successes[0];
  if (success) {
    await settleOrder(deps.db, { orderId: input.orderId, accountId: input.accountId, payment: reported(success), now });
    return;
  }
  if (closedAs) {
    await closeOrder(deps.db, { accountId: input.accountId, orderId: input.orderId, status: closedAs, now });
    return;
  }
  // A newer attempt still in flight (Order Pay's next QR or collect) outranks an older failure.
  const latest = [...payments].sort(byPaymentOrder).at(-1);
  const lastFailure = payments
    .filter((p) => FINAL_FAILURES.has(p.payment_status))
    .sort(byPaymentOrder)
    .at(-1);
  if (lastFailure && latest === lastFailure) {
    await settleOrder(deps.db, { orderId: input.orderId, accountId: input.accountId, payment: reported(lastFailure), now });
  }
}

/**
 * Brings one order up to date from Cashfree (Get Order + Get Payments) through the one settlement function.
 * The caller only names the order (which must be theirs); nothing else they send is trusted.
 */
export async function syncOrderFromCashfree(deps: OrderDeps, input: { accountId: string; orderId: string }): Promise<CashfreeOrder> {
  const { cfOrder, payments } = await fetchCashfreeState(deps, input.orderId);
  const closed = cfOrder.order_status === "EXPIRED" || cfOrder.order_status === "TERMINATED" ? cfOrder.order_status : null;
  await applyCashfreeState(deps, input, payments, closed);
  return cfOrder;
}

/**
 * A pay-in (payment link, link_id = our order id) brought up to date: Fetch Payment Link + Get Orders for the link,
 * then every link order's payments (a payer may have opened the link more than once), settled as above. A
 * cancelled link closes the order as TERMINATED, an expired one as EXPIRED (a payment found first still settles).
 */
export async function syncPayInFromCashfree(deps: OrderDeps, input: { accountId: string; orderId: string }): Promise<void> {
  let payments: CashfreePayment[];
  let closed: "EXPIRED" | "TERMINATED" | null;
  try {
    const [link, linkOrders] = await Promise.all([deps.cashfree.getLink(input.orderId), deps.cashfree.getLinkOrders(input.orderId)]);
    // Each payment knows its link order (CFPay_…): refunds and disputes of the pay-in name that order.
    const perOrder = await Promise.all(linkOrders.map(async (o) => (await deps.cashfree.getPaymentsForOrder(o.order_id)).map((p) => ({ ...p, order_id: p.order_id ?? o.order_id }))));
    payments = perOrder.flat();
    closed = link.link_status === "CANCELLED" ? "TERMINATED" : link.link_status === "EXPIRED" ? "EXPIRED" : null;
  } catch (error) {
    throw providerError(error);
  }
  await applyCashfreeState(deps, input, payments, closed);
}

/** Whichever applies: a checkout order through its Cashfree order, a pay-in through its payment link. */
export async function syncAnyOrderFromCashfree(deps: OrderDeps, order: { accountId: string; id: string; paymentLink: boolean }): Promise<void> {
  const input = { accountId: order.accountId, orderId: order.id };
  if (order.paymentLink) await syncPayInFromCashfree(deps, input);
  else await syncOrderFromCashfree(deps, input);
}

/** POST /api/v1/payments/verify: the order's state after asking Cashfree (a PAID order is answered from our records). */
export async function verifyOrder(deps: OrderDeps, input: { accountId: string; orderId: string }): Promise<OrderView> {
  const { order } = await getOrder(deps.db, input);
  if (order.status !== "PAID" && (order.cfOrderId || order.cfLinkId)) await syncAnyOrderFromCashfree(deps, order);
  const current = await getOrder(deps.db, input);
  return orderView(current.order, { invoiceNumber: current.invoiceNumber }, clock(deps));
}
