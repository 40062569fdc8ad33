import { eq } from "drizzle-orm";
import type { Db } from "@/lib/db";
import { accounts } from "@/lib/db/schema";
import { notFound } from "@/lib/errors";

export async function getLowBalanceThreshold(db: Db, accountId: string) {
  const [row] = await db.select({ t: accounts.lowBalanceThresholdCredits }).from(accounts).where(eq(accounts.id, accountId));
  if (!row) throw notFound("Account");
  return { low_balance_threshold: row.t };
}

export async function setLowBalanceThreshold(db: Db, accountId: string, thresholdCredits: number | null) {
  const [row] = await db
    .update(accounts)
    .set({ lowBalanceThresholdCredits: thresholdCredits === null ? null : BigInt(thresholdCredits) })
    .where(eq(accounts.id, accountId))
    .returning({ t: accounts.lowBalanceThresholdCredits });
  if (!row) throw notFound("Account");
  return { low_balance_threshold: row.t };
}
