import { createCashfreePayoutsClient, type CashfreePayoutsClient } from "@/lib/cashfree/payouts-client";
import { getEnv } from "@/lib/config/env";

const globalForPayouts = globalThis as unknown as { __khataCashfreePayouts?: CashfreePayoutsClient };

/**
 * The process's Cashfree Payouts client, built once from the configuration: its own credentials
 * (CASHFREE_PAYOUT_CLIENT_ID / SECRET), the same CASHFREE_ENV as payments, and under the emulator its `/payout` API.
 */
export function getCashfreePayoutsClient(): CashfreePayoutsClient {
  if (!globalForPayouts.__khataCashfreePayouts) {
    const env = getEnv();
    globalForPayouts.__khataCashfreePayouts = createCashfreePayoutsClient({
      env: env.CASHFREE_ENV,
      clientId: env.CASHFREE_PAYOUT_CLIENT_ID,
      clientSecret: env.CASHFREE_PAYOUT_CLIENT_SECRET,
      baseUrl: env.CASHFREE_ENV === "emulator" ? `${env.CASHFREE_EMULATOR_URL.replace(/\/+$/, "")}/payout` : undefined,
    });
  }
  return globalForPayouts.__khataCashfreePayouts;
}
