// POST /api/v1/admin/accounts/:account_id/unsuspend – lift an account's suspension (operators; repeat = no-op)
import { apiRoute, methodsNotAllowed } from "@/lib/api/route";
import { liftSuspension } from "@/lib/suspensions/lift-suspension";
import { accountIdParamsSchema, unsuspendAccountSchema } from "@/lib/suspensions/schemas";
import { toLiftedView } from "@/lib/suspensions/suspension-view";

export const POST = apiRoute(
  { auth: "session", action: "operator:accounts", params: accountIdParamsSchema, body: unsuspendAccountSchema },
  async ({ db, actor, params, body }) => {
    const byUserId = actor?.kind === "session" ? actor.userId : null;
    const outcome = await db.transaction((tx) => liftSuspension(tx, { accountId: params.account_id, byUserId, note: body.note }));
    return { body: toLiftedView(params.account_id, outcome) };
  },
);

export const { GET, PUT, PATCH, DELETE } = methodsNotAllowed("POST");
