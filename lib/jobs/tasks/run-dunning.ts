import type { Task } from "graphile-worker";
import { getEnv } from "@/lib/config/env";
import { getCashfreeClient } from "@/lib/orders/cashfree-client";
import { runDunning } from "@/lib/subscriptions/run-dunning";
import { applyPendingSubscriptionWebhooks, applySubscriptionWebhookEvent } from "@/lib/subscriptions/subscription-inbox";
import type { JobDeps } from "../job-deps";

/** Applies one recorded subscription webhook (queued by the webhook's one statement); throws so the runner retries. */
export const applySubscriptionWebhookTask =
  (deps: JobDeps): Task =>
  async (payload) => {
    const { eventId } = payload as { eventId: string };
    await applySubscriptionWebhookEvent({ db: deps.db, now: deps.now, appUrl: getEnv().APP_URL }, eventId);
  };

/**
 * Crontab: first the subscription inbox's safety net (events whose job never finished), then renewal dunning
 * (lib/subscriptions/run-dunning.ts): retries of failed renewal charges, grace ends, lapses, mandate cancels.
 */
export const runDunningTask =
  (deps: JobDeps): Task =>
  async () => {
    const appUrl = getEnv().APP_URL;
    await applyPendingSubscriptionWebhooks({ db: deps.db, now: deps.now, appUrl });
    await runDunning({ db: deps.db, cashfree: deps.cashfree ?? getCashfreeClient(), now: deps.now, appUrl });
  };
