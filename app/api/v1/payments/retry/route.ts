// POST /api/v1/payments/retry – pay again for a failed, dropped or expired order (same session or a replacing order)
import { apiRoute, methodsNotAllowed } from "@/lib/api/route";
import { sessionActor } from "@/lib/api/session-actor";
import { getCashfreeClient } from "@/lib/orders/cashfree-client";
import { retryOrder } from "@/lib/orders/retry-order";
import { orderIdBodySchema } from "@/lib/orders/schemas";

export const POST = apiRoute(
  { auth: "session", action: "payments:create", body: orderIdBodySchema, idempotency: true },
  async ({ db, actor, accountId, body }) => {
    const me = sessionActor(actor);
    const result = await retryOrder({ db, cashfree: getCashfreeClient() }, { accountId, userId: me.userId, orderId: body.order_id });
    return { status: result.replaces_order_id ? 201 : 200, body: result };
  },
);

export const { GET, PUT, PATCH, DELETE } = methodsNotAllowed("POST");
