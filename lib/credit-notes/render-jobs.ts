import type { Executor } from "@/lib/db";
import { RENDER_JOB_MAX_ATTEMPTS, RENDER_JOB_PRIORITY } from "@/lib/invoices/render-jobs";
import { enqueueJob } from "@/lib/jobs/enqueue-job";
import type { JobName } from "@/lib/jobs/job-names";

const RENDER_TASK = "render-credit-note-pdf" satisfies JobName;

/** One render job per credit note (queued again, a waiting one is replaced, not doubled). */
export const creditNoteRenderJobKey = (creditNoteId: string) => `${RENDER_TASK}:${creditNoteId}`;

/**
 * Queues the render of a credit note's PDF in the caller's transaction (issueCreditNote, before it takes the
 * number), at the invoices' render priority and attempts: renders yield to settlement.
 */
export async function enqueueCreditNoteRender(tx: Executor, creditNoteId: string): Promise<void> {
  await enqueueJob(tx, RENDER_TASK, { creditNoteId }, { jobKey: creditNoteRenderJobKey(creditNoteId), maxAttempts: RENDER_JOB_MAX_ATTEMPTS, priority: RENDER_JOB_PRIORITY });
}
