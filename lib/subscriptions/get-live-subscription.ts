import { and, desc, eq, notInArray } from "drizzle-orm";
import type { Executor } from "@/lib/db";
import { subscriptions } from "@/lib/db/schema";
import type { SubscriptionRow } from "./subscription-view";

/** The account's subscription that is not cancelled or declined (at most one, by a partial unique index). */
export async function getLiveSubscription(db: Executor, accountId: string): Promise<SubscriptionRow | null> {
  const [row] = await db
    .select()
    .from(subscriptions)
    .where(and(eq(subscriptions.accountId, accountId), notInArray(subscriptions.status, ["cancelled", "authorization_failed"])))
    .orderBy(desc(subscriptions.createdAt))
    .limit(1);
  return row ?? null;
}
