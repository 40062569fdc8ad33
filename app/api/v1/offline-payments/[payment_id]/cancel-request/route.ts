// POST /api/v1/offline-payments/:payment_id/cancel-request – operators: ask for a Paid payment's cancellation ({reason}); another operator decides
import { apiRoute, methodsNotAllowed } from "@/lib/api/route";
import { operatorIdOf } from "@/lib/offline-payments/operator-id";
import { requestCancellation } from "@/lib/offline-payments/request-cancellation";
import { cancelRequestBodySchema, paymentIdParamsSchema } from "@/lib/offline-payments/schemas";

export const POST = apiRoute(
  { auth: "session", action: "operator:offline_payments", body: cancelRequestBodySchema, params: paymentIdParamsSchema },
  async ({ db, body, params, actor }) => ({
    body: { result: await requestCancellation(db, { paymentId: params.payment_id, reason: body.reason, operatorUserId: operatorIdOf(actor) }), error: null },
  }),
);

export const { GET, PUT, PATCH, DELETE } = methodsNotAllowed("POST");
