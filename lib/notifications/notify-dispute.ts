import { getEnv } from "@/lib/config/env";
import type { Executor } from "@/lib/db";
import type { disputes } from "@/lib/db/schema";
import { notifyAccount } from "./notify-account";

/** Mails the account's members about a dispute seen for the first time, in that transaction (once per dispute). */
export async function notifyDisputeOpened(tx: Executor, dispute: typeof disputes.$inferSelect): Promise<string[]> {
  return notifyAccount(tx, {
    accountId: dispute.accountId,
    kind: "dispute-opened",
    dedupeKey: `dispute-opened:${dispute.id}`,
    data: {
      orderId: dispute.orderId,
      amountPaise: dispute.amountPaise.toString(),
      heldCredits: dispute.heldCredits.toString(),
      respondBy: dispute.respondBy?.toISOString() ?? null,
      url: `${getEnv().APP_URL}/payments`,
    },
  });
}
