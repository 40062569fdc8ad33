import type { Task } from "graphile-worker";
import { z } from "zod";
import { runAutoTopUp } from "@/lib/auto-top-up/run-auto-top-up";
import { sweepAutoTopUps } from "@/lib/auto-top-up/sweep-auto-top-ups";
import { getEnv } from "@/lib/config/env";
import { log } from "@/lib/log";
import { getCashfreeClient } from "@/lib/orders/cashfree-client";
import type { JobDeps } from "../job-deps";

const payloadSchema = z.object({ accountId: z.string().min(1) });

/**
 * One account's auto top-up (queued by the usage function on a crossing, or by the sweep): re-checks everything
 * under the settings row's lock and raises at most one charge (lib/auto-top-up/run-auto-top-up.ts).
 */
export const autoTopUpTask =
  (deps: JobDeps): Task =>
  async (payload) => {
    const { accountId } = payloadSchema.parse(payload);
    const outcome = await runAutoTopUp({ db: deps.db, cashfree: deps.cashfree ?? getCashfreeClient(), now: deps.now, appUrl: getEnv().APP_URL }, accountId);
    log.info("auto top-up job", { accountId, outcome });
  };

/** Crontab: accounts left below their threshold get their job again; lost webhooks of pending charges are asked of Cashfree. */
export const sweepAutoTopUpsTask =
  (deps: JobDeps): Task =>
  async () => {
    await sweepAutoTopUps({ db: deps.db, cashfree: deps.cashfree ?? getCashfreeClient(), now: deps.now, appUrl: getEnv().APP_URL });
  };
