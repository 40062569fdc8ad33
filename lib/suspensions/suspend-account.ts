import { recordAudit } from "@/lib/audit/record-audit";
import { and, eq, isNull } from "drizzle-orm";
import type { Tx } from "@/lib/db";
import { accounts, accountSuspensions } from "@/lib/db/schema";
import { notFound } from "@/lib/errors";
import { newId } from "@/lib/ids";
import { enqueueEvent } from "@/lib/outbound-webhooks/enqueue-event";

export type SuspendAccountOutcome =
  | { outcome: "suspended"; suspensionId: string; suspendedAt: Date }
  /** Already suspended: the open suspension stands (its reason and who are not overwritten). */
  | { outcome: "already_suspended"; suspensionId: string; suspendedAt: Date };

/**
 * Suspends an account: the open `account_suspensions` row (who — null for the automatic rule — and when), its copy
 * on `accounts` that every session and key reads (lib/api/steps/authorize.ts refuses them from the next request on,
 * on every instance), and the `user.suspended` event, all in the caller's transaction. Takes the account's row lock
 * first, so concurrent suspensions (an operator and the rule) serialise: one suspends, the other finds it open.
 */
export async function suspendAccount(
  tx: Tx,
  input: { accountId: string; reason: string; source: "operator" | "automatic"; byUserId: string | null; now?: Date },
): Promise<SuspendAccountOutcome> {
  const [account] = await tx
    .select({ id: accounts.id, name: accounts.name, suspendedAt: accounts.suspendedAt })
    .from(accounts)
    .where(eq(accounts.id, input.accountId))
    .for("update");
  if (!account) throw notFound("Account");
  if (account.suspendedAt) {
    const [open] = await tx
      .select({ id: accountSuspensions.id })
      .from(accountSuspensions)
      .where(and(eq(accountSuspensions.accountId, input.accountId), isNull(accountSuspensions.liftedAt)));
    return { outcome: "already_suspended", suspensionId: open?.id ?? "", suspendedAt: account.suspendedAt };
  }
  const now = input.now ?? new Date();
  const suspensionId = newId("sus");
  await tx.insert(accountSuspensions).values({
    id: suspensionId,
    accountId: input.accountId,
    reason: input.reason,
    source: input.source,
    suspendedByUserId: input.byUserId,
    suspendedAt: now,
  });
  await tx.update(accounts).set({ suspendedAt: now, suspensionReason: input.reason }).where(eq(accounts.id, input.accountId));
  await enqueueEvent(tx, {
    accountId: input.accountId,
    type: "user.suspended",
    causeKey: `user.suspended:${suspensionId}`,
    payload: {
      amount: 0,
      currency: "INR",
      status: "suspended",
      // Seed 001's shape names a `payer`: for a suspension, the paying customer is the account itself.
      payer: account.name,
      account_id: input.accountId,
      account_name: account.name,
      reason: input.reason,
      source: input.source,
      timestamp: now.toISOString(),
    },
    now,
  });
  await recordAudit(tx, { action: "account.suspend", accountId: input.accountId, targetType: "account", targetId: input.accountId, before: { suspended_at: null }, after: { suspended_at: now, reason: input.reason, source: input.source, suspension_id: suspensionId } });
  return { outcome: "suspended", suspensionId, suspendedAt: now };
}
