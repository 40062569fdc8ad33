// GET /api/v1/auto-top-up – the account's auto top-up (threshold, amount, monthly ceiling, this month's charges, mandate); PUT – set it, on or off (owner/admin; on needs an active mandate covering the amount)
import { apiRoute, methodsNotAllowed } from "@/lib/api/route";
import { toAutoTopUpView } from "@/lib/auto-top-up/auto-top-up-view";
import { getAutoTopUp } from "@/lib/auto-top-up/get-auto-top-up";
import { setAutoTopUpSchema } from "@/lib/auto-top-up/schemas";
import { setAutoTopUp } from "@/lib/auto-top-up/set-auto-top-up";

export const GET = apiRoute({ auth: "session", action: "auto_top_up:manage" }, async ({ db, accountId }) => ({
  body: toAutoTopUpView(await getAutoTopUp(db, accountId, new Date())),
}));

export const PUT = apiRoute({ auth: "session", action: "auto_top_up:manage", body: setAutoTopUpSchema }, async ({ db, actor, accountId, body }) => ({
  body: toAutoTopUpView(await setAutoTopUp(db, { accountId, userId: actor?.kind === "session" ? actor.userId : null, body, now: new Date() })),
}));

export const { POST, PATCH, DELETE } = methodsNotAllowed("GET", "PUT");
