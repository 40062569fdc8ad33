import type { CashfreeClient } from "@/lib/cashfree";
import type { Db } from "@/lib/db";

/** What the auto top-up services need: the database, a Cashfree client, and the clock (tests pin it). */
export interface AutoTopUpDeps {
  db: Db;
  cashfree: CashfreeClient;
  now?: () => Date;
  /** The dashboard's base URL for links in mails (APP_URL). */
  appUrl?: string;
}

export const clock = (deps: { now?: () => Date }): Date => (deps.now ? deps.now() : new Date());
