import type { Db } from "@/lib/db";
import { log } from "@/lib/log";
import { purgeExpiredRateLimitBuckets } from "@/lib/rate-limit/hit-rate-limit";
import { deliverDue, type DeliverOptions } from "./deliver-due";

function sleep(ms: number, signal?: AbortSignal): Promise<void> {
  return new Promise((resolve) => {
    if (signal?.aborted) return resolve();
    const onAbort = () => (clearTimeout(timer), resolve());
    // The listener goes when the timer fires: one left behind per pass grew without bound (MaxListenersExceededWarning after ten).
    const timer = setTimeout(() => (signal?.removeEventListener("abort", onAbort), resolve()), ms);
    signal?.addEventListener("abort", onAbort, { once: true });
  });
}

/**
 * The delivery loop: every `intervalMs`, deliver until nothing more is due (a full batch means more may be
 * waiting), and once a minute purge expired rate-limit buckets. Stops when `signal` aborts. Any number of
 * instances may run it. Started by instrumentation-node.ts unless WEBHOOK_WORKER=0.
 */
export async function runWebhookWorker(input: { db: Db; intervalMs?: number; signal?: AbortSignal; options?: DeliverOptions }): Promise<void> {
  const intervalMs = input.intervalMs ?? 1000;
  const limit = input.options?.limit ?? 25;
  let lastPurge = 0;
  while (!input.signal?.aborted) {
    try {
      for (;;) {
        const summary = await deliverDue(input.db, { ...input.options, limit });
        if (summary.claimed < limit || input.signal?.aborted) break;
      }
      if (Date.now() - lastPurge > 60_000) {
        lastPurge = Date.now();
        await purgeExpiredRateLimitBuckets(input.db);
      }
    } catch (error) {
      log.error("webhook worker pass failed", { err: error });
    }
    await sleep(intervalMs, input.signal);
  }
}
