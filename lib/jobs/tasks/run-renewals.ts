import type { Task } from "graphile-worker";
import { getEnv } from "@/lib/config/env";
import { getCashfreeClient } from "@/lib/orders/cashfree-client";
import { applyScheduledChanges } from "@/lib/subscriptions/apply-scheduled-changes";
import { raiseDueCharges, sendPreDebitNotices } from "@/lib/subscriptions/run-renewals";
import type { JobDeps } from "../job-deps";

/**
 * Crontab: plan renewals (lib/subscriptions/run-renewals.ts) — changes scheduled for a period's end that has
 * passed (downgrades switch, cancellations lapse), then pre-debit notices for cycles due within the notice
 * lead, then the charges whose time has come, each raised once per (account, cycle). Throws (so the runner retries
 * with backoff and the failure shows) when Cashfree could not be reached for any due charge.
 */
export const runRenewalsTask =
  (deps: JobDeps): Task =>
  async () => {
    const subscriptionDeps = { db: deps.db, cashfree: deps.cashfree ?? getCashfreeClient(), now: deps.now, appUrl: getEnv().APP_URL };
    await applyScheduledChanges(subscriptionDeps);
    await sendPreDebitNotices(subscriptionDeps);
    await raiseDueCharges(subscriptionDeps);
  };
