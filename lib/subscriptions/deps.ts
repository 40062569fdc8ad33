import type { CashfreeClient } from "@/lib/cashfree";
import type { Db } from "@/lib/db";

/** What the subscription services need: the database, a Cashfree client, and the clock (tests pin it). */
export interface SubscriptionDeps {
  db: Db;
  cashfree: CashfreeClient;
  now?: () => Date;
  /** Where the owner lands after the mandate page, and where Cashfree sends subscription webhooks. */
  appUrl?: string;
}

export const clock = (deps: { now?: () => Date }): Date => (deps.now ? deps.now() : new Date());
