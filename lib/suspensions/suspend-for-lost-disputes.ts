import { and, count, eq, gt } from "drizzle-orm";
import type { Tx } from "@/lib/db";
import { disputes } from "@/lib/db/schema";
import { suspendAccount, type SuspendAccountOutcome } from "./suspend-account";

/**
 * The automatic misuse rule (seed 001: "Your account will be suspended if misuse is detected"): an account that
 * loses LOST_DISPUTES_TO_SUSPEND chargebacks within LOST_DISPUTES_WINDOW_DAYS is suspended, source `automatic`,
 * with no operator. Lost chargebacks are money taken back from Khata after the credits were used, the clearest
 * sign of stolen cards or friendly fraud; an operator reviews and lifts it (docs/ACCOUNTS.md).
 */
export const LOST_DISPUTES_TO_SUSPEND = 3;
export const LOST_DISPUTES_WINDOW_DAYS = 90;

/**
 * Called by resolveDispute once a dispute is marked lost, in its transaction (the order row locked; this takes the
 * account row lock, before the credit note's counter lock). Counts the account's lost disputes resolved in the
 * window, the one just lost included; null when under the threshold or already suspended.
 */
export async function suspendForLostDisputes(tx: Tx, input: { accountId: string; now: Date }): Promise<SuspendAccountOutcome | null> {
  const since = new Date(input.now.getTime() - LOST_DISPUTES_WINDOW_DAYS * 86_400_000);
  const [row] = await tx
    .select({ lost: count() })
    .from(disputes)
    .where(and(eq(disputes.accountId, input.accountId), eq(disputes.resolution, "lost"), gt(disputes.resolvedAt, since)));
  const lost = Number(row?.lost ?? 0);
  if (lost < LOST_DISPUTES_TO_SUSPEND) return null;
  const outcome = await suspendAccount(tx, {
    accountId: input.accountId,
    reason: `${lost} chargebacks were lost within ${LOST_DISPUTES_WINDOW_DAYS} days; an operator will review the account.`,
    source: "automatic",
    byUserId: null,
    now: input.now,
  });
  return outcome.outcome === "suspended" ? outcome : null;
}
