import type { Executor } from "@/lib/db";
import { enqueueJob } from "@/lib/jobs/enqueue-job";

/** Poll delays: 1 min doubling to a 6 h ceiling. Cashfree refunds settle in minutes to days; webhooks usually win. */
export function pollDelayMs(attempt: number): number {
  return Math.min(60_000 * 2 ** Math.min(attempt, 20), 6 * 60 * 60 * 1000);
}

/** Queues the next `poll-refund` (job key per refund: one waiting at a time), at run_at: no sleeps. */
export async function schedulePoll(tx: Executor, refundId: string, attempt: number, now: Date): Promise<void> {
  await enqueueJob(tx, "poll-refund", { refundId, attempt }, { jobKey: `poll-refund:${refundId}`, runAt: new Date(now.getTime() + pollDelayMs(attempt)) });
}
