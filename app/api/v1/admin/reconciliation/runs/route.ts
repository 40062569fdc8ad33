// GET /api/v1/admin/reconciliation/runs – operators: the latest reconciliation runs; POST – reconcile a period now ({from, to}), queued as a job
import { apiRoute, methodsNotAllowed } from "@/lib/api/route";
import { listRuns } from "@/lib/reconciliation/list-runs";
import { listRunsQuerySchema, startRunBodySchema } from "@/lib/reconciliation/schemas";
import { requestReconciliation } from "@/lib/reconciliation/start-reconciliation";

export const GET = apiRoute({ auth: "session", action: "operator:reconciliation", query: listRunsQuerySchema }, async ({ db, query }) => ({
  body: { runs: await listRuns(db, query) },
}));

export const POST = apiRoute({ auth: "session", action: "operator:reconciliation", body: startRunBodySchema }, async ({ db, body, actor }) => ({
  status: 202,
  body: { run: await requestReconciliation(db, { from: body.from, to: body.to, userId: actor?.kind === "session" ? actor.userId : null }) },
}));

export const { PUT, PATCH, DELETE } = methodsNotAllowed("GET", "POST");
