import { createCashfreeClient, type CashfreeClient, type CashfreeLogger } from "@/lib/cashfree";
import { getEnv } from "@/lib/config/env";
import { log } from "@/lib/log";

const logger: CashfreeLogger = {
  info: (message, entry) => log.debug(message, { cashfree: entry }),
  warn: (message, entry) => log.warn(message, { cashfree: entry }),
};

const globalForCashfree = globalThis as unknown as { __khataCashfree?: CashfreeClient };

/**
 * The process's Cashfree client, built once from the configuration (CASHFREE_ENV, credentials, and the
 * emulator URL when CASHFREE_ENV=emulator). Services take the client as a dependency; routes pass this one.
 */
export function getCashfreeClient(): CashfreeClient {
  if (!globalForCashfree.__khataCashfree) {
    const env = getEnv();
    globalForCashfree.__khataCashfree = createCashfreeClient({
      env: env.CASHFREE_ENV,
      clientId: env.CASHFREE_CLIENT_ID,
      clientSecret: env.CASHFREE_CLIENT_SECRET,
      baseUrl: env.CASHFREE_ENV === "emulator" ? `${env.CASHFREE_EMULATOR_URL.replace(/\/+$/, "")}/pg` : undefined,
      logger,
    });
  }
  return globalForCashfree.__khataCashfree;
}

/** Tests only: use this client (or forget the cached one with `undefined`). */
export function setCashfreeClientForTests(client: CashfreeClient | undefined): void {
  globalForCashfree.__khataCashfree = client;
}
