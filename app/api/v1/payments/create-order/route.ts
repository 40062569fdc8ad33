// POST /api/v1/payments/create-order – start a credit top-up or plan upgrade; creates the Cashfree order
import { apiRoute, methodsNotAllowed } from "@/lib/api/route";
import { sessionActor } from "@/lib/api/session-actor";
import { getCashfreeClient } from "@/lib/orders/cashfree-client";
import { createOrder } from "@/lib/orders/create-order";
import { createOrderSchema } from "@/lib/orders/schemas";

export const POST = apiRoute(
  { auth: "session", action: "payments:create", body: createOrderSchema, idempotency: true },
  async ({ db, actor, accountId, body }) => {
    const me = sessionActor(actor);
    const order = await createOrder({ db, cashfree: getCashfreeClient() }, { accountId, userId: me.userId, request: body });
    return { status: 201, body: order };
  },
);

export const { GET, PUT, PATCH, DELETE } = methodsNotAllowed("POST");
