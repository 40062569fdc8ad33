// POST /api/v1/offline-payments/:payment_id/cancel-decision – a second operator approves ({decision: "approve"}: credits reversed, credit note) or rejects a cancel request
import { apiRoute, methodsNotAllowed } from "@/lib/api/route";
import { decideCancellation } from "@/lib/offline-payments/decide-cancellation";
import { operatorIdOf } from "@/lib/offline-payments/operator-id";
import { cancelDecisionBodySchema, paymentIdParamsSchema } from "@/lib/offline-payments/schemas";

export const POST = apiRoute(
  { auth: "session", action: "operator:offline_payments", body: cancelDecisionBodySchema, params: paymentIdParamsSchema },
  async ({ db, body, params, actor }) => {
    const decided = await decideCancellation(db, { paymentId: params.payment_id, decision: body.decision, operatorUserId: operatorIdOf(actor) });
    return { body: { result: decided.payment, credit_note_number: decided.creditNoteNumber, error: null } };
  },
);

export const { GET, PUT, PATCH, DELETE } = methodsNotAllowed("POST");
