import { and, desc, eq, inArray, isNotNull, sql } from "drizzle-orm";
import type { Executor } from "@/lib/db";
import { autoTopUpCharges, autoTopUpSettings, subscriptions } from "@/lib/db/schema";
import { istMonthKey } from "@/lib/money/ist";
import type { AutoTopUpState } from "./auto-top-up-view";

/** The account's active mandate that can be charged now (authorised on Cashfree), or null. */
export async function chargeableMandate(db: Executor, accountId: string, cashfreeEnv?: string) {
  const [sub] = await db
    .select()
    .from(subscriptions)
    .where(
      and(
        eq(subscriptions.accountId, accountId),
        eq(subscriptions.status, "active"),
        isNotNull(subscriptions.cfSubscriptionId),
        cashfreeEnv ? eq(subscriptions.cashfreeEnv, cashfreeEnv) : undefined,
      ),
    )
    .limit(1);
  return sub ?? null;
}

/** Paise charged (pending or paid) by auto top-ups in an IST month: what the monthly ceiling counts. */
export async function monthChargedPaise(db: Executor, accountId: string, month: string): Promise<bigint> {
  const [row] = await db
    .select({ total: sql<string>`coalesce(sum(${autoTopUpCharges.amountPaise}), 0)::text` })
    .from(autoTopUpCharges)
    .where(and(eq(autoTopUpCharges.accountId, accountId), eq(autoTopUpCharges.month, month), inArray(autoTopUpCharges.status, ["pending", "succeeded"])));
  return BigInt(row?.total ?? "0");
}

export async function getAutoTopUp(db: Executor, accountId: string, now: Date): Promise<AutoTopUpState> {
  const [settings] = await db.select().from(autoTopUpSettings).where(eq(autoTopUpSettings.accountId, accountId));
  const mandate = await chargeableMandate(db, accountId);
  const [lastCharge] = await db.select().from(autoTopUpCharges).where(eq(autoTopUpCharges.accountId, accountId)).orderBy(desc(autoTopUpCharges.createdAt)).limit(1);
  return {
    settings: settings ?? null,
    mandateMaxPaise: mandate?.maxAmountPaise ?? null,
    monthChargedPaise: await monthChargedPaise(db, accountId, istMonthKey(now)),
    lastCharge: lastCharge ?? null,
  };
}
