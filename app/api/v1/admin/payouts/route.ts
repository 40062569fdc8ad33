// GET /api/v1/admin/payouts – every account's payouts for operators (?status=requested for the queue)
import { apiRoute, methodsNotAllowed } from "@/lib/api/route";
import { listAdminPayouts } from "@/lib/payouts/admin-payout-views";
import { listPayoutsQuerySchema } from "@/lib/payouts/schemas";

export const GET = apiRoute(
  { auth: "session", action: "operator:payouts", query: listPayoutsQuerySchema },
  async ({ db, query }) => ({ body: { payouts: await listAdminPayouts(db, query), limit: query.limit, offset: query.offset } }),
);

export const { POST, PUT, PATCH, DELETE } = methodsNotAllowed("GET");
