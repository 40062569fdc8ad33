// POST /api/v1/admin/jobs/:job_id/retry – operators: run a failed background job again, now, with fresh attempts
import { apiRoute, methodsNotAllowed } from "@/lib/api/route";
import { retryJob } from "@/lib/jobs/retry-job";
import { jobIdParamsSchema } from "@/lib/jobs/schemas";

export const POST = apiRoute({ auth: "session", action: "operator:jobs", params: jobIdParamsSchema }, async ({ db, params }) => ({
  status: 202,
  body: { job: await retryJob(db, params.job_id) },
}));

export const { GET, PUT, PATCH, DELETE } = methodsNotAllowed("POST");
