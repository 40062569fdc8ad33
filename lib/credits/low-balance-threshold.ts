import { recordAudit } from "@/lib/audit/record-audit";
import { eq } from "drizzle-orm";
import type { Db } from "@/lib/db";
import { accounts } from "@/lib/db/schema";
import { notFound } from "@/lib/errors";

/** The account's own threshold in credits; null when it uses the default (see low-balance.ts). */
export async function getLowBalanceThreshold(db: Db, accountId: string): Promise<bigint | null> {
  const [row] = await db.select({ t: accounts.lowBalanceThresholdCredits }).from(accounts).where(eq(accounts.id, accountId));
  if (!row) throw notFound("Account");
  return row.t;
}

export async function setLowBalanceThreshold(db: Db, accountId: string, thresholdCredits: number | null): Promise<bigint | null> {
  return db.transaction(async (tx) => {
    const [before] = await tx.select({ t: accounts.lowBalanceThresholdCredits }).from(accounts).where(eq(accounts.id, accountId)).for("update");
    if (!before) throw notFound("Account");
    const [row] = await tx
      .update(accounts)
      .set({ lowBalanceThresholdCredits: thresholdCredits === null ? null : BigInt(thresholdCredits) })
      .where(eq(accounts.id, accountId))
      .returning({ t: accounts.lowBalanceThresholdCredits });
    await recordAudit(tx, { action: "low_balance_threshold.set", accountId, targetType: "account", targetId: accountId, before: { low_balance_threshold_credits: before.t }, after: { low_balance_threshold_credits: row!.t } });
    return row!.t;
  });
}
