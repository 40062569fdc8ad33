// GET /api/v1/audit-log – an account owner: the audit entries of their own account, newest first (keyset paged)
import { apiRoute, methodsNotAllowed } from "@/lib/api/route";
import { listAuditLog } from "@/lib/audit/list-audit-log";
import { accountAuditLogQuerySchema } from "@/lib/audit/schemas";

export const GET = apiRoute({ auth: "session", action: "audit_log:read", query: accountAuditLogQuerySchema }, async ({ db, accountId, query }) => ({
  body: await listAuditLog(db, { ...query, scopeAccountId: accountId }),
}));

export const { POST, PUT, PATCH, DELETE } = methodsNotAllowed("GET");
