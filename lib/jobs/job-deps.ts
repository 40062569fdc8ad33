import type { CashfreeClient, CashfreePayoutsClient } from "@/lib/cashfree";
import type { Db } from "@/lib/db";
import type { DeliverOptions } from "@/lib/outbound-webhooks/deliver-webhook";
import type { SettlementOptions } from "@/lib/orders/settle-webhook-events";

/** What tasks run against: the app's drizzle database, and settings tests pin (clocks, backoff, policy, batch size). */
export interface JobDeps {
  db: Db;
  delivery?: DeliverOptions;
  settlement?: SettlementOptions;
  /** The Cashfree client of the sweeper, reconciliation and refund jobs (default: the process's, lib/orders/cashfree-client.ts); tests point it at the emulator. */
  cashfree?: CashfreeClient;
  /** The Cashfree Payouts client of the payout jobs (default: lib/payouts/cashfree-payouts-client.ts); tests point it at the emulator. */
  payouts?: CashfreePayoutsClient;
  /** The clock of the sweeper, reconciliation and refund jobs; tests pin it. */
  now?: () => Date;
}
