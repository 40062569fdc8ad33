// GET /api/v1/admin/audit-log.csv – operators: the audit log (filtered by account, actor, action, dates) as CSV
import { apiRoute, methodsNotAllowed } from "@/lib/api/route";
import { auditLogCsvResponse } from "@/lib/audit/audit-log-csv";
import { auditLogCsvQuerySchema } from "@/lib/audit/schemas";

export const GET = apiRoute({ auth: "session", action: "operator:audit", query: auditLogCsvQuerySchema }, async ({ db, query }) => auditLogCsvResponse(db, query));

export const { POST, PUT, PATCH, DELETE } = methodsNotAllowed("GET");
