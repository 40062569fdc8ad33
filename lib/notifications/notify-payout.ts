import { getEnv } from "@/lib/config/env";
import type { Executor } from "@/lib/db";
import { notifyAccount } from "./notify-account";

export type PayoutNotice =
  | { outcome: "processed"; accountId: string; payoutId: string; amountPaise: bigint; processedAt: Date; reference: string | null }
  | { outcome: "rejected"; accountId: string; payoutId: string; amountPaise: bigint; reason: string };

/**
 * For the payouts domain: call IN THE TRANSACTION that records a payout's final state. One mail per member (who
 * has not switched the kind off) per payout and outcome, however often it is called.
 */
export async function enqueuePayoutNotification(tx: Executor, notice: PayoutNotice): Promise<string[]> {
  const url = `${getEnv().APP_URL}/payouts`;
  if (notice.outcome === "processed") {
    return notifyAccount(tx, {
      accountId: notice.accountId,
      kind: "payout-processed",
      dedupeKey: `payout-processed:${notice.payoutId}`,
      data: { payoutId: notice.payoutId, amountPaise: notice.amountPaise.toString(), processedAt: notice.processedAt.toISOString(), reference: notice.reference, url },
    });
  }
  return notifyAccount(tx, {
    accountId: notice.accountId,
    kind: "payout-rejected",
    dedupeKey: `payout-rejected:${notice.payoutId}`,
    data: { payoutId: notice.payoutId, amountPaise: notice.amountPaise.toString(), reason: notice.reason, url },
  });
}
