// POST /api/v1/admin/accounts/:account_id/suspend – suspend an account with a reason (operators; repeat = no-op)
import { apiRoute, methodsNotAllowed } from "@/lib/api/route";
import { accountIdParamsSchema, suspendAccountSchema } from "@/lib/suspensions/schemas";
import { suspendAccount } from "@/lib/suspensions/suspend-account";
import { toSuspendedView } from "@/lib/suspensions/suspension-view";

export const POST = apiRoute(
  { auth: "session", action: "operator:accounts", params: accountIdParamsSchema, body: suspendAccountSchema },
  async ({ db, actor, params, body }) => {
    const byUserId = actor?.kind === "session" ? actor.userId : null;
    const outcome = await db.transaction((tx) => suspendAccount(tx, { accountId: params.account_id, reason: body.reason, source: "operator", byUserId }));
    return { body: toSuspendedView(params.account_id, body.reason, outcome) };
  },
);

export const { GET, PUT, PATCH, DELETE } = methodsNotAllowed("POST");
