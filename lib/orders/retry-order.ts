import { and, eq, inArray } from "drizzle-orm";
import { orders } from "@/lib/db/schema";
import { AppError } from "@/lib/errors";
import { createOrder, type CreateOrderResponse } from "./create-order";
import { clock, type OrderDeps } from "./deps";
import { getOrder } from "./get-order";
import { paiseToRupees } from "@/lib/money/format-inr";
import type { OrderRow } from "./order-view";
import type { CreateOrderBody } from "./schemas";
import { syncOrderFromCashfree } from "./verify-order";

/** A session is handed out again only if the Cashfree order stays payable at least this long. */
const MIN_REMAINING_MS = 2 * 60 * 1000;

export interface RetryOrderResponse extends CreateOrderResponse {
  /** Set when a new order was created to replace the given one (which is then closed for retries). */
  replaces_order_id: string | null;
}

function requestOf(order: OrderRow): CreateOrderBody {
  return order.type === "credit_topup"
    ? { type: "credit_topup", credits: Number(order.credits) }
    : { type: "plan_upgrade", plan: order.plan as Extract<CreateOrderBody, { type: "plan_upgrade" }>["plan"] };
}

const alreadyPaid = () => new AppError("order_already_paid", "This order is already paid; nothing to retry.");

/**
 * POST /api/v1/payments/retry: a way to pay again for an unpaid order. First the order is brought up to date
 * from Cashfree (a payment we missed is settled now, once, and then the answer is `order_already_paid`). If
 * Cashfree still has the order ACTIVE and not about to expire, its payment session is returned; otherwise a new
 * order for the same purchase replaces it (linked both ways) and is returned in the create-order shape.
 */
export async function retryOrder(
  deps: OrderDeps,
  input: { accountId: string; userId: string | null; orderId: string },
): Promise<RetryOrderResponse> {
  const scope = { accountId: input.accountId, orderId: input.orderId };
  let { order } = await getOrder(deps.db, scope);
  if (order.status === "PAID") throw alreadyPaid();
  if (order.paymentLink) {
    throw new AppError("order_not_retryable", "This is a pay-in: its payer pays it through its payment link; create a new pay-in for another link.", {
      details: { link_url: order.linkUrl },
    });
  }
  if (order.replacedByOrderId) {
    throw new AppError("order_not_retryable", `This order was replaced by ${order.replacedByOrderId}; pay or retry that one.`, {
      details: { replaced_by_order_id: order.replacedByOrderId },
    });
  }

  if (order.cfOrderId) {
    const cfOrder = await syncOrderFromCashfree(deps, scope);
    ({ order } = await getOrder(deps.db, scope));
    if (order.status === "PAID") throw alreadyPaid();
    const now = clock(deps);
    const expiry = cfOrder.order_expiry_time ? Date.parse(cfOrder.order_expiry_time) : NaN;
    const stillPayable =
      cfOrder.order_status === "ACTIVE" && cfOrder.payment_session_id && (Number.isNaN(expiry) || expiry - now.getTime() > MIN_REMAINING_MS);
    if (stillPayable) {
      await deps.db
        .update(orders)
        .set({ status: "ACTIVE", paymentSessionId: cfOrder.payment_session_id, updatedAt: now })
        .where(and(eq(orders.id, order.id), eq(orders.accountId, order.accountId), inArray(orders.status, ["ACTIVE", "FAILED", "USER_DROPPED"])));
      return {
        order_id: order.id,
        cf_order_id: cfOrder.cf_order_id,
        payment_session_id: cfOrder.payment_session_id!,
        amount: paiseToRupees(order.amountPaise),
        currency: "INR",
        env: deps.cashfree.env,
        replaces_order_id: null,
      };
    }
  }

  const created = await createOrder(deps, {
    accountId: input.accountId,
    userId: input.userId,
    request: requestOf(order),
    replacesOrderId: order.id,
  });
  return { ...created, replaces_order_id: order.id };
}
