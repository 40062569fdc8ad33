// POST /api/v1/payments/verify – ask Cashfree about one of the caller's orders, settle it if paid, return its state
import { apiRoute, methodsNotAllowed } from "@/lib/api/route";
import { getCashfreeClient } from "@/lib/orders/cashfree-client";
import { orderIdBodySchema } from "@/lib/orders/schemas";
import { verifyOrder } from "@/lib/orders/verify-order";

export const POST = apiRoute({ auth: "session", action: "payments:verify", body: orderIdBodySchema }, async ({ db, accountId, body }) => {
  const order = await verifyOrder({ db, cashfree: getCashfreeClient() }, { accountId, orderId: body.order_id });
  return { body: order };
});

export const { GET, PUT, PATCH, DELETE } = methodsNotAllowed("POST");
