import { sql, type SQL } from "drizzle-orm";
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

/** Queues the render of an issued invoice's PDF, in the caller's transaction (e.g. a backfill). */
export async function enqueueInvoiceRender(tx: Executor, invoiceId: string): Promise<void> {
  await enqueueJob(tx, RENDER_TASK, { invoiceId }, { jobKey: renderJobKey(invoiceId), maxAttempts: RENDER_JOB_MAX_ATTEMPTS });
}

/**
 * The same as enqueueInvoiceRender for every `id` a query returns, as an SQL select: a CTE of the issuing
 * statement, so the render is queued in the settling transaction without another round trip while the invoice
 * counter row is locked. Mirrors renderJobKey.
 */
export function invoiceRenderJobsFor(invoiceIds: SQL): SQL {
  return sql`select graphile_worker.add_job(
      identifier => ${RENDER_TASK}::text,
      payload => json_build_object('invoiceId', r.id),
      max_attempts => ${RENDER_JOB_MAX_ATTEMPTS}::int,
      job_key => ${`${RENDER_TASK}:`}::text || r.id
    ) from (${invoiceIds}) as r(id)`;
}
