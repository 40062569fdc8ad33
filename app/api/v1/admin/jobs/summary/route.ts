// GET /api/v1/admin/jobs/summary – operators: queued, running and failed jobs by task, the settlement lag, and alerts
import { apiRoute, methodsNotAllowed } from "@/lib/api/route";
import { getEnv } from "@/lib/config/env";
import { jobsSummaryView } from "@/lib/jobs/job-view";
import { summarizeJobs } from "@/lib/jobs/summarize-jobs";

export const GET = apiRoute({ auth: "session", action: "operator:jobs" }, async ({ db }) => {
  const env = getEnv();
  const summary = await summarizeJobs(db, { now: new Date(), thresholds: { failedJobs: env.JOBS_FAILED_ALERT_THRESHOLD, settlementLagSeconds: env.SETTLEMENT_LAG_ALERT_SECONDS } });
  return { body: jobsSummaryView(summary) };
});

export const { POST, PUT, PATCH, DELETE } = methodsNotAllowed("GET");
