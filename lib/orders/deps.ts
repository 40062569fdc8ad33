import type { CashfreeClient } from "@/lib/cashfree";
import type { Db } from "@/lib/db";

/** What the order services need: the database and a Cashfree client (the real one, or one pointed at the emulator). */
export interface OrderDeps {
  db: Db;
  cashfree: CashfreeClient;
  /** The clock; tests pin it. */
  now?: () => Date;
}

export const clock = (deps: { now?: () => Date }): Date => (deps.now ? deps.now() : new Date());
