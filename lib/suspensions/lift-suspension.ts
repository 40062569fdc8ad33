import { recordAudit } from "@/lib/audit/record-audit";
import { and, eq, isNull } from "drizzle-orm";
import type { Tx } from "@/lib/db";
import { accounts, accountSuspensions } from "@/lib/db/schema";
import { notFound } from "@/lib/errors";

export type LiftSuspensionOutcome = { outcome: "lifted"; suspensionId: string; liftedAt: Date } | { outcome: "not_suspended" };

/**
 * An operator lifts an account's suspension: the open row records who and when, the copy on `accounts` is cleared
 * (its sessions and keys work again from their next request). Same row lock as suspendAccount.
 */
export async function liftSuspension(tx: Tx, input: { accountId: string; byUserId: string | null; note?: string; now?: Date }): Promise<LiftSuspensionOutcome> {
  const [account] = await tx.select({ id: accounts.id }).from(accounts).where(eq(accounts.id, input.accountId)).for("update");
  if (!account) throw notFound("Account");
  const now = input.now ?? new Date();
  const [lifted] = await tx
    .update(accountSuspensions)
    .set({ liftedAt: now, liftedByUserId: input.byUserId, liftNote: input.note ?? null })
    .where(and(eq(accountSuspensions.accountId, input.accountId), isNull(accountSuspensions.liftedAt)))
    .returning({ id: accountSuspensions.id });
  await tx.update(accounts).set({ suspendedAt: null, suspensionReason: null }).where(eq(accounts.id, input.accountId));
  if (lifted) await recordAudit(tx, { action: "account.unsuspend", accountId: input.accountId, targetType: "account", targetId: input.accountId, before: { suspension_id: lifted.id, lifted_at: null }, after: { suspension_id: lifted.id, lifted_at: now, note: input.note ?? null } });
  return lifted ? { outcome: "lifted", suspensionId: lifted.id, liftedAt: now } : { outcome: "not_suspended" };
}
