import type { Metadata } from "next";
import { td, th } from "@/components/billing/primitives";
import { RetryJobButton } from "@/components/jobs/retry-job-button";
import { EmptyState, PageHeader } from "@/components/ui";
import { getDb } from "@/lib/db";
import { listFailedJobs } from "@/lib/jobs/list-failed-jobs";
import { formatIstDateTime } from "@/lib/money/ist";

export const metadata: Metadata = { title: "Failed jobs · Operator" };

export default async function OperatorJobsPage() {
  const jobs = await listFailedJobs(await getDb(), { limit: 100 });
  return (
    <>
      <PageHeader
        title="Failed background jobs"
        description="Jobs whose task kept throwing until it used up its attempts. Nothing runs them again until you retry (docs/JOBS.md)."
      />
      {jobs.length === 0 ? (
        <EmptyState title="No failed jobs">Webhook deliveries that a receiver refused are in each account&apos;s delivery log, not here.</EmptyState>
      ) : (
        <div className="relative overflow-x-auto rounded-lg border border-slate-200 bg-white shadow-sm" role="region" aria-label="Failed jobs" tabIndex={0}>
          <table className="min-w-full divide-y divide-slate-200 text-sm">
            <thead className="bg-slate-50">
              <tr>
                <th scope="col" className={th}>Job</th>
                <th scope="col" className={th}>Task</th>
                <th scope="col" className={th}>Key</th>
                <th scope="col" className={`${th} text-right`}>Attempts</th>
                <th scope="col" className={th}>Last error</th>
                <th scope="col" className={th}>Failed (IST)</th>
                <th scope="col" className={th}>
                  <span className="sr-only">Actions</span>
                </th>
              </tr>
            </thead>
            <tbody className="divide-y divide-slate-100">
              {jobs.map((job) => (
                <tr key={job.id} data-testid="failed-job" className="align-top">
                  <td className={`${td} font-mono text-xs`}>{job.id}</td>
                  <td className={`${td} font-mono text-xs`}>{job.task}</td>
                  <td className={`${td} font-mono text-xs`}>{job.key ?? "—"}</td>
                  <td className={`${td} text-right tabular-nums`}>
                    {job.attempts} / {job.max_attempts}
                  </td>
                  <td className="min-w-64 px-4 py-3 break-words text-slate-800">{job.last_error ?? "—"}</td>
                  <td className={`${td} text-slate-700`}>{formatIstDateTime(job.updated_at)}</td>
                  <td className={`${td} text-right`}>
                    <RetryJobButton jobId={job.id} task={job.task} />
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
    </>
  );
}
