import { and, eq, or, type SQL } from "drizzle-orm";
import type { DisputeWebhookData } from "@/lib/cashfree/webhook-events";
import { holdAvailableCredits } from "@/lib/credits/hold-credits";
import type { Tx } from "@/lib/db";
import { disputes, orders } from "@/lib/db/schema";
import { newId } from "@/lib/ids";
import { rupeeAmountToPaise } from "@/lib/orders/apply-payment";
import { notifyDisputeOpened } from "@/lib/notifications/notify-dispute";
import { resolutionOf } from "./dispute-status";
import { resolveDispute, type ResolveOutcome } from "./resolve-dispute";

export type ApplyDisputeOutcome =
  | "unknown_order"
  | "invalid_amount"
  | "dispute_held"
  | "dispute_updated"
  | "dispute_already_closed"
  | "dispute_reopened_flagged"
  | ResolveOutcome;

/** Credits bought with `amountPaise` of the order (floor): what a disputed amount takes out of the balance. */
export function disputedCredits(amountPaise: bigint, order: { credits: bigint; amountPaise: bigint }): bigint {
  if (order.amountPaise <= 0n) return 0n;
  const capped = amountPaise < order.amountPaise ? amountPaise : order.amountPaise;
  return (capped * order.credits) / order.amountPaise;
}

const parseTime = (value: string | null | undefined) => {
  const ms = value ? Date.parse(value) : Number.NaN;
  return Number.isFinite(ms) ? new Date(ms) : null;
};

/**
 * The order a dispute names: ours by id, or a pay-in by the Cashfree order its link opened (`CFPay_…`, stored at
 * settlement as cf_paying_order_id; or its `link_id` tag, when Cashfree sends the tags).
 */
function disputedOrderCondition(details: DisputeWebhookData["order_details"]): SQL {
  const linkId = (details.order_tags as Record<string, unknown> | null | undefined)?.link_id;
  const ids = [eq(orders.id, details.order_id), eq(orders.cfPayingOrderId, details.order_id)];
  if (typeof linkId === "string") ids.push(and(eq(orders.id, linkId), eq(orders.paymentLink, true))!);
  return or(...ids)!;
}

const withReason = (existing: string | null, reason: string) => (existing ? `${existing}; ${reason}` : reason);

/**
 * A DISPUTE_CREATED / _UPDATED / _CLOSED event, inside the settlement batch's transaction. Locking contract: the
 * order row first (FOR UPDATE; every event of a dispute names its order, so they run one at a time), then the
 * dispute row, then the account row (holdAvailableCredits / releaseCredits), and last the credit note counter
 * (resolveDispute). Each step happens once whatever the webhook order, duplicates included:
 * - first sight (whatever its type): the `disputes` row is created and the disputed amount's credits are held
 *   (`dispute:<id>`), what the balance allows; the rest is recorded as unheld_credits and the order flagged. A
 *   dispute first seen already won holds nothing.
 * - an open dispute's status and details follow Cashfree's; a final status (won / lost / accepted) closes it once.
 * - after it closed, events change nothing, except a new stage (another dispute_type, e.g. pre-arbitration after
 *   a won chargeback) which flags the order for an operator.
 */
export async function applyDisputeEvent(tx: Tx, data: DisputeWebhookData, now: Date): Promise<ApplyDisputeOutcome> {
  const { dispute: reported, order_details: details } = data;
  const [order] = await tx
    .select({ id: orders.id, accountId: orders.accountId, credits: orders.credits, amountPaise: orders.amountPaise, reviewReason: orders.reviewReason })
    .from(orders)
    .where(disputedOrderCondition(details))
    .limit(1)
    .for("update");
  if (!order) return "unknown_order";
  const flag = (reason: string) =>
    tx
      .update(orders)
      .set({ flaggedForReview: true, reviewReason: withReason(order.reviewReason, reason), updatedAt: now })
      .where(and(eq(orders.id, order.id), eq(orders.accountId, order.accountId)));

  const amountPaise = rupeeAmountToPaise(reported.dispute_amount);
  if (amountPaise === null || amountPaise <= 0n) {
    await flag(`dispute ${reported.dispute_id}: unreadable amount ${reported.dispute_amount}`);
    return "invalid_amount";
  }
  const resolution = resolutionOf(reported.dispute_status);
  const details_ = {
    disputeType: reported.dispute_type,
    cfStatus: reported.dispute_status,
    amountPaise,
    reasonCode: reported.reason_code ?? null,
    reasonDescription: reported.reason_description ?? null,
    respondBy: parseTime(reported.respond_by),
  };

  let [row] = await tx.select().from(disputes).where(eq(disputes.cfDisputeId, reported.dispute_id)).for("update");
  if (!row) {
    const id = newId("dsp");
    const wanted = resolution === "won" ? 0n : disputedCredits(amountPaise, order);
    const hold = await holdAvailableCredits(tx, {
      accountId: order.accountId,
      kind: "dispute_hold",
      upToCredits: wanted,
      causeKey: `dispute:${id}`,
      orderId: order.id,
      description: `Dispute ${reported.dispute_id} on order ${order.id}: credits held until the bank decides`,
      metadata: { cfDisputeId: reported.dispute_id, disputeType: reported.dispute_type },
    });
    const unheld = wanted - hold.heldCredits;
    [row] = await tx
      .insert(disputes)
      .values({ id, cfDisputeId: reported.dispute_id, accountId: order.accountId, orderId: order.id, ...details_, heldCredits: hold.heldCredits, unheldCredits: unheld, createdAt: now, updatedAt: now })
      .returning();
    if (unheld > 0n) await flag(`dispute ${reported.dispute_id}: ${unheld} credits could not be held (balance too low)`);
    await notifyDisputeOpened(tx, row!);
    if (resolution === "open") return "dispute_held";
  } else if (row.resolution === "open") {
    await tx.update(disputes).set({ ...details_, updatedAt: now }).where(and(eq(disputes.id, row.id), eq(disputes.accountId, order.accountId)));
    if (resolution === "open") return "dispute_updated";
  } else {
    if (resolution === "open" && reported.dispute_type !== row.disputeType) {
      await flag(`dispute ${reported.dispute_id}: reopened as ${reported.dispute_type} after it was ${row.resolution}`);
      return "dispute_reopened_flagged";
    }
    return "dispute_already_closed";
  }
  return resolveDispute(tx, order, row!, resolution, now);
}
