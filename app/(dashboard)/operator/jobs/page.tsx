import type { Metadata } from "next";
import { td, th } from "@/components/billing/primitives";
import { RetryJobButton } from "@/components/jobs/retry-job-button";
import { Notice } from "@/components/billing/primitives";
import { EmptyState, PageHeader } from "@/components/ui";
import { getEnv } from "@/lib/config/env";
import { getDb } from "@/lib/db";
import { listFailedJobs } from "@/lib/jobs/list-failed-jobs";
import { summarizeJobs, type JobsSummary } from "@/lib/jobs/summarize-jobs";
import { formatIstDateTime } from "@/lib/money/ist";

export const metadata: Metadata = { title: "Jobs · Operator" };

function SummaryTable({ summary }: { summary: JobsSummary }) {
  if (summary.byTask.length === 0) return <p className="mb-6 text-sm text-slate-600">No job is queued, running or failed.</p>;
  return (
    <div className="relative mb-6 overflow-x-auto rounded-lg border border-slate-200 bg-white shadow-sm" role="region" aria-label="Jobs by task" tabIndex={0}>
      <table className="min-w-full divide-y divide-slate-200 text-sm">
        <thead className="bg-slate-50">
          <tr>
            <th scope="col" className={th}>Task</th>
            <th scope="col" className={`${th} text-right`}>Queued</th>
            <th scope="col" className={`${th} text-right`}>Retrying</th>
            <th scope="col" className={`${th} text-right`}>Running</th>
            <th scope="col" className={`${th} text-right`}>Failed</th>
            <th scope="col" className={th}>Last error</th>
          </tr>
        </thead>
        <tbody className="divide-y divide-slate-100">
          {summary.byTask.map((t) => (
            <tr key={t.task} data-testid="job-task" className="align-top">
              <td className={`${td} font-mono text-xs`}>{t.task}</td>
              <td className={`${td} text-right tabular-nums`}>{t.queued}</td>
              <td className={`${td} text-right tabular-nums`}>{t.retrying}</td>
              <td className={`${td} text-right tabular-nums`}>{t.running}</td>
              <td className={`${td} text-right tabular-nums`}>{t.failed}</td>
              <td className="min-w-64 px-4 py-3 break-words text-slate-800">
                {t.lastError ?? "—"}
                {t.lastErrorAt ? <span className="block text-xs text-slate-600">{formatIstDateTime(t.lastErrorAt)}</span> : null}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}

export default async function OperatorJobsPage() {
  const db = await getDb();
  const env = getEnv();
  const [jobs, summary] = await Promise.all([
    listFailedJobs(db, { limit: 100 }),
    summarizeJobs(db, { now: new Date(), thresholds: { failedJobs: env.JOBS_FAILED_ALERT_THRESHOLD, settlementLagSeconds: env.SETTLEMENT_LAG_ALERT_SECONDS } }),
  ]);
  return (
    <>
      <PageHeader
        title="Background jobs"
        description="The job runner's queue by task, the settlement lag, and the jobs that used up their attempts: nothing runs those again until you retry (docs/JOBS.md)."
      />
      {summary.alerts.map((alert) => (
        <div key={alert.kind} className="mb-4" data-testid={`jobs-alert-${alert.kind}`}>
          <Notice tone="danger" title={alert.kind === "failures" ? "Failures are piling up" : "Settlement is lagging"}>
            {alert.message}
          </Notice>
        </div>
      ))}
      <p className="mb-3 text-sm text-slate-600" data-testid="settlement-lag">
        Webhook inbox: {summary.settlement.unsettledEvents} unsettled event{summary.settlement.unsettledEvents === 1 ? "" : "s"}
        {summary.settlement.oldestUnsettledAt ? `, the oldest recorded ${summary.settlement.lagSeconds} s ago` : ""}. Totals: {summary.totals.queued} queued,{" "}
        {summary.totals.running} running, {summary.totals.failed} failed.
      </p>
      <SummaryTable summary={summary} />
      <h2 className="mb-3 text-lg font-semibold text-slate-900">Failed jobs</h2>
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
