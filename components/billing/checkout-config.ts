import { getEnv } from "@/lib/config/env";
import type { CheckoutConfig } from "./checkout";

/** For server components: the Cashfree mode this deployment runs, to pass to checkout buttons. */
export function checkoutConfig(): CheckoutConfig {
  const env = getEnv();
  return { pageEnv: env.CASHFREE_ENV, emulatorUrl: env.CASHFREE_ENV === "emulator" ? env.CASHFREE_EMULATOR_URL : undefined };
}
