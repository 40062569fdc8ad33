import type { Executor } from "@/lib/db";
import { RENDER_JOB_MAX_ATTEMPTS, RENDER_JOB_PRIORITY } from "@/lib/invoices/render-jobs";
import { enqueueJob } from "@/lib/jobs/enqueue-job";
import type { JobName } from "@/lib/jobs/job-names";

const RENDER_TASK = "render-receipt-pdf" satisfies JobName;

/** Queues the receipt's PDF render in the recording transaction (before the counters), at the invoices' priority. */
export async function enqueueReceiptRender(tx: Executor, offlinePaymentId: string): Promise<void> {
  await enqueueJob(tx, RENDER_TASK, { offlinePaymentId }, { jobKey: `${RENDER_TASK}:${offlinePaymentId}`, maxAttempts: RENDER_JOB_MAX_ATTEMPTS, priority: RENDER_JOB_PRIORITY });
}
