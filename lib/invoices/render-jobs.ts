import type { Executor } from "@/lib/db";
import { enqueueJob } from "@/lib/jobs/enqueue-job";
import type { JobName } from "@/lib/jobs/job-names";

const RENDER_TASK = "render-invoice-pdf" satisfies JobName;
const RENDER_BATCH_TASK = "render-invoice-pdfs" satisfies JobName;

/**
 * Attempts of a render job whose task throws, with graphile-worker's backoff (e, e², … s): a renderer that keeps
 * failing shows on /operator/jobs within minutes, and downloads render on demand meanwhile.
 */
export const RENDER_JOB_MAX_ATTEMPTS = 5;

/**
 * Render jobs yield to everything else (graphile-worker runs lower priorities first). A PDF costs the worker
 * ~20–30 ms of CPU, several times a settlement; at the same priority a webhook burst's renders starved the
 * settlement jobs behind them (bench:scale-out). A download before the render renders on demand.
 */
export const RENDER_JOB_PRIORITY = 10;

/** One render job per invoice (queued again, a waiting one is replaced, not doubled). */
export const renderJobKey = (invoiceId: string) => `${RENDER_TASK}:${invoiceId}`;

/** Queues the render of an issued invoice's PDF, in the caller's transaction (issueInvoice, before it takes the number; a backfill). */
export async function enqueueInvoiceRender(tx: Executor, invoiceId: string): Promise<void> {
  await enqueueJob(tx, RENDER_TASK, { invoiceId }, { jobKey: renderJobKey(invoiceId), maxAttempts: RENDER_JOB_MAX_ATTEMPTS, priority: RENDER_JOB_PRIORITY });
}

/**
 * The renders of a settlement batch's invoices, as ONE `render-invoice-pdfs` job in the caller's transaction (one
 * add_job and one job run for the batch, not one per invoice). Its task renders them one after another and gives
 * any that fails its own `render-invoice-pdf` job (backoff, then failed on /operator/jobs).
 */
export async function enqueueInvoiceRenders(tx: Executor, invoiceIds: string[], options: { runAt?: Date } = {}): Promise<void> {
  if (invoiceIds.length === 0) return;
  await enqueueJob(tx, RENDER_BATCH_TASK, { invoiceIds }, { maxAttempts: RENDER_JOB_MAX_ATTEMPTS, priority: RENDER_JOB_PRIORITY, runAt: options.runAt });
}
