import { CashfreeApiError, CashfreeError, type CashfreeClient } from "@/lib/cashfree";
import { paiseToRupees } from "@/lib/money/format-inr";
import { istIsoString } from "@/lib/money/ist";

export type RaiseOutcome =
  | { outcome: "raised"; cfPaymentId: string }
  /** Cashfree refused it (a 4xx other than 429): final for this payment_id; nothing was debited. */
  | { outcome: "refused"; error: CashfreeApiError; reason: string }
  /** No answer, 429 or 5xx: raise the same payment_id again later (Cashfree answers a repeat with the first charge). */
  | { outcome: "unreachable"; error: CashfreeError };

/**
 * One debit on a mandate (Raise Charge, ON_DEMAND): renewals, their retries and auto top-ups all come through here,
 * with their own idempotent payment_id and the debit time their pre-debit notice announced. Errors other than
 * Cashfree's are thrown.
 */
export async function raiseMandateCharge(
  cashfree: CashfreeClient,
  input: { subscriptionId: string; paymentId: string; amountPaise: bigint; debitAt: Date; remarks: string },
): Promise<RaiseOutcome> {
  try {
    const payment = await cashfree.raiseSubscriptionCharge({
      subscription_id: input.subscriptionId,
      payment_id: input.paymentId,
      payment_amount: paiseToRupees(input.amountPaise),
      payment_schedule_date: istIsoString(input.debitAt),
      payment_remarks: input.remarks,
      payment_type: "CHARGE",
    });
    return { outcome: "raised", cfPaymentId: payment.cf_payment_id ?? payment.payment_id };
  } catch (error) {
    if (error instanceof CashfreeApiError && error.status >= 400 && error.status < 500 && error.status !== 429) {
      // How the refusal reads on the failed charge, retry or auto top-up row.
      return { outcome: "refused", error, reason: `${error.code}: ${error.message}`.slice(0, 500) };
    }
    if (error instanceof CashfreeError) return { outcome: "unreachable", error };
    throw error;
  }
}

/**
 * Cancels a mandate on Cashfree (Manage Subscription, CANCEL, one idempotency key per subscription). Cashfree's
 * 400 / 404 / 409 mean it is cancelled or never existed: done. Any other failure is thrown for the caller to retry.
 */
export async function cancelMandate(cashfree: CashfreeClient, subscriptionId: string): Promise<void> {
  try {
    await cashfree.manageSubscription(subscriptionId, "CANCEL", { idempotencyKey: `cancel_${subscriptionId}` });
  } catch (error) {
    const alreadyDone = error instanceof CashfreeApiError && (error.status === 400 || error.status === 404 || error.status === 409);
    if (!alreadyDone) throw error;
  }
}
