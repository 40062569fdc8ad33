// GET /api/v1/admin/reconciliation/runs/:run_id/mismatches.csv – operators: a run's mismatches as CSV
import { apiRoute, methodsNotAllowed } from "@/lib/api/route";
import { mismatchesCsvResponse } from "@/lib/reconciliation/list-mismatches";
import { runIdParamsSchema } from "@/lib/reconciliation/schemas";

export const GET = apiRoute({ auth: "session", action: "operator:reconciliation", params: runIdParamsSchema }, async ({ db, params }) =>
  mismatchesCsvResponse(db, params.run_id),
);

export const { POST, PUT, PATCH, DELETE } = methodsNotAllowed("GET");
