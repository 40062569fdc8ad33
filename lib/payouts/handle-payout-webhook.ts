import { verifyPayoutWebhook } from "@/lib/cashfree/payout-webhook";
import { getEnv } from "@/lib/config/env";
import type { Db } from "@/lib/db";
import { AppError } from "@/lib/errors";
import { log } from "@/lib/log";
import { applyTransferStatus, type ApplyTransferOutcome } from "./apply-transfer-status";

export interface PayoutWebhookDeps {
  db: Db;
  /** Cashfree signs Payouts webhooks with the PAYOUTS client secret; defaults to CASHFREE_PAYOUT_CLIENT_SECRET. */
  secret?: string;
  toleranceMs?: number;
  now?: () => Date;
}

export interface PayoutWebhookResult {
  received: true;
  event_type: string;
  outcome: ApplyTransferOutcome | "ignored";
}

/**
 * POST /api/v1/payouts/webhook: Cashfree Payouts V2 status webhooks. Signature checked on the raw body first
 * (verifyPayoutWebhook: constant time, replay window) — a bad or stale one → 401, nothing read or written. A
 * transfer event is applied at once, in one short transaction (applyTransferStatus locks the payout row), so
 * duplicate and concurrent deliveries serialise and the second changes nothing; events that are not a transfer's
 * final state (TRANSFER_ACKNOWLEDGED, unknown types) are acknowledged and ignored.
 */
export async function handlePayoutWebhook(deps: PayoutWebhookDeps, input: { rawBody: string; headers: Headers }): Promise<PayoutWebhookResult> {
  const env = getEnv();
  const verified = verifyPayoutWebhook({
    rawBody: input.rawBody,
    headers: input.headers,
    secret: deps.secret ?? env.CASHFREE_PAYOUT_CLIENT_SECRET,
    toleranceMs: deps.toleranceMs ?? env.CASHFREE_WEBHOOK_TOLERANCE_MS,
    now: deps.now ? deps.now().getTime() : undefined,
  });
  if (!verified.ok) {
    if (verified.reason === "bad_payload") {
      log.error("signed cashfree payouts webhook with an unexpected shape");
      return { received: true, event_type: "unparseable", outcome: "ignored" };
    }
    throw new AppError("invalid_signature", "Webhook signature verification failed.", { details: { reason: verified.reason } });
  }
  const { event } = verified;
  if (!["TRANSFER_SUCCESS", "TRANSFER_FAILED", "TRANSFER_REVERSED", "TRANSFER_REJECTED"].includes(event.type)) {
    return { received: true, event_type: event.type, outcome: "ignored" };
  }
  const now = deps.now ? deps.now() : new Date();
  const outcome = await deps.db.transaction((tx) => applyTransferStatus(tx, event.data, now));
  if (outcome === "unknown_payout") log.warn("cashfree payouts webhook for an unknown transfer", { transferId: event.data.transfer_id });
  return { received: true, event_type: event.type, outcome };
}
