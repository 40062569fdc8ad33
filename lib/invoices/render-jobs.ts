import type { Executor } from "@/lib/db";
import { enqueueJob } from "@/lib/jobs/enqueue-job";
import type { JobName } from "@/lib/jobs/job-names";

const RENDER_TASK = "render-invoice-pdf" satisfies JobName;

/**
 * Attempts of a render job whose task throws, with graphile-worker's backoff (e, e², … s): a renderer that keeps
 * failing shows on /operator/jobs within minutes, and downloads render on demand meanwhile.
 */
export const RENDER_JOB_MAX_ATTEMPTS = 5;

/** One render job per invoice (queued again, a waiting one is replaced, not doubled). */
export const renderJobKey = (invoiceId: string) => `${RENDER_TASK}:${invoiceId}`;

/** Queues the render of an issued invoice's PDF, in the caller's transaction (issueInvoice, before it takes the number; a backfill). */
export async function enqueueInvoiceRender(tx: Executor, invoiceId: string): Promise<void> {
  await enqueueJob(tx, RENDER_TASK, { invoiceId }, { jobKey: renderJobKey(invoiceId), maxAttempts: RENDER_JOB_MAX_ATTEMPTS });
}
