import { and, eq } from "drizzle-orm";
import type { Tx } from "@/lib/db";
import { autoTopUpCharges } from "@/lib/db/schema";
import { log } from "@/lib/log";
import { settleBatch } from "@/lib/orders/settle-order";
import type { AutoTopUpChargeRow } from "./auto-top-up-view";

const scoped = (charge: AutoTopUpChargeRow) => and(eq(autoTopUpCharges.id, charge.id), eq(autoTopUpCharges.accountId, charge.accountId));

/**
 * Cashfree took the money: the charge's credit top-up order is settled through THE settlement function
 * (order lock, ledger cause `order:<id>`, one invoice), so a repeated success grants nothing twice. A success
 * after a recorded failure still settles (the money was taken). Caller holds the charge row's lock.
 */
export async function markAutoTopUpSucceeded(tx: Tx, charge: AutoTopUpChargeRow, payment: { cfPaymentId: string; amount: number }, now: Date): Promise<"paid" | "already_paid"> {
  await settleBatch(
    tx,
    [{ orderId: charge.orderId, payment: { orderId: charge.orderId, accountId: charge.accountId, payment: { cfPaymentId: payment.cfPaymentId, status: "SUCCESS", amount: payment.amount, currency: "INR" } } }],
    { now },
  );
  if (charge.status === "succeeded") return "already_paid";
  await tx.update(autoTopUpCharges).set({ status: "succeeded", cfPaymentId: payment.cfPaymentId, failureReason: null, updatedAt: now }).where(scoped(charge));
  return "paid";
}

/**
 * A declined (or cancelled) charge: the charge is failed and its order FAILED; the balance is never touched. Only a
 * pending charge moves, so a late failure after a success changes nothing. Not retried here: the sweep tries
 * again after a cooldown (lib/auto-top-up/rules.ts), so a failing mandate is not hammered.
 */
export async function markAutoTopUpDeclined(tx: Tx, charge: AutoTopUpChargeRow, input: { cfPaymentId: string | null; reason: string }, now: Date): Promise<boolean> {
  if (charge.status !== "pending") return false;
  await tx
    .update(autoTopUpCharges)
    .set({ status: "failed", cfPaymentId: input.cfPaymentId ?? charge.cfPaymentId, failureReason: input.reason.slice(0, 500), updatedAt: now })
    .where(and(scoped(charge), eq(autoTopUpCharges.status, "pending")));
  await settleBatch(
    tx,
    [{ orderId: charge.orderId, payment: { orderId: charge.orderId, accountId: charge.accountId, payment: { cfPaymentId: input.cfPaymentId ?? `declined:${charge.id}`, status: "FAILED", amount: 0, currency: "INR" } } }],
    { now },
  );
  log.warn("auto top-up charge declined", { chargeId: charge.id, accountId: charge.accountId, reason: input.reason });
  return true;
}
