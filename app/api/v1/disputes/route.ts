// GET /api/v1/disputes – the account's disputes (optionally one order's) and the credits each holds
import { z } from "zod";
import { apiRoute, methodsNotAllowed } from "@/lib/api/route";
import { listAccountDisputes } from "@/lib/disputes/list-disputes";

const querySchema = z.strictObject({ order_id: z.string().min(1).max(64).optional() });

export const GET = apiRoute({ auth: "session", action: "payments:read", query: querySchema }, async ({ db, accountId, query }) => ({
  body: { disputes: await listAccountDisputes(db, accountId, { orderId: query.order_id }) },
}));

export const { POST, PUT, PATCH, DELETE } = methodsNotAllowed("GET");
