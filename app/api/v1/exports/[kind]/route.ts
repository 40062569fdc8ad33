// GET /api/v1/exports/:kind – payments, invoices, credit_notes, ledger or usage of a period as CSV or XLSX, streamed
import { apiRoute, methodsNotAllowed } from "@/lib/api/route";
import { exportParamsSchema, exportQuerySchema } from "@/lib/exports/export-query";
import { exportResponse } from "@/lib/exports/export-response";

export const GET = apiRoute(
  { auth: "session_or_api_key", action: "exports:read", params: exportParamsSchema, query: exportQuerySchema },
  async ({ db, accountId, params, query }) => exportResponse(db, accountId, { kind: params.kind, ...query }),
);

export const { POST, PUT, PATCH, DELETE } = methodsNotAllowed("GET");
