// POST /api/v1/payments/pay – start a UPI (QR, collect, app) or netbanking payment on an order; answers Cashfree's next action
import { apiRoute, methodsNotAllowed } from "@/lib/api/route";
import { getCashfreeClient } from "@/lib/orders/cashfree-client";
import { payOrder } from "@/lib/orders/pay-order";
import { payOrderBodySchema } from "@/lib/orders/schemas";

export const POST = apiRoute(
  { auth: "session", action: "payments:create", body: payOrderBodySchema, idempotency: true },
  async ({ db, accountId, body }) => {
    const answer = await payOrder({ db, cashfree: getCashfreeClient() }, { accountId, orderId: body.order_id, method: body.method });
    return { body: answer };
  },
);

export const { GET, PUT, PATCH, DELETE } = methodsNotAllowed("POST");
