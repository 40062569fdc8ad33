// GET /api/v1/offline-payments – operators: offline payments with seed 003's filters; POST – record a payment received outside Cashfree
import { apiRoute, methodsNotAllowed } from "@/lib/api/route";
import { listOfflinePayments } from "@/lib/offline-payments/list-offline-payments";
import { recordOfflinePayment } from "@/lib/offline-payments/record-offline-payment";
import { listOfflinePaymentsQuerySchema, recordOfflinePaymentBodySchema } from "@/lib/offline-payments/schemas";
import { operatorIdOf } from "@/lib/offline-payments/operator-id";

export const GET = apiRoute({ auth: "session", action: "operator:offline_payments", query: listOfflinePaymentsQuerySchema }, async ({ db, query }) => {
  const listed = await listOfflinePayments(db, query);
  return { body: { result: listed.kind === "count" ? listed.count : listed.payments, error: null } };
});

// Idempotency-Key (scoped to the operator's current account): a retried submission records the payment once.
export const POST = apiRoute({ auth: "session", action: "operator:offline_payments", body: recordOfflinePaymentBodySchema, idempotency: true }, async ({ db, body, actor }) => {
  const recorded = await recordOfflinePayment(db, { ...body, operatorUserId: operatorIdOf(actor) });
  return {
    status: 201,
    body: {
      result: recorded.id,
      error: null,
      receipt_number: recorded.receiptNumber,
      invoice_number: recorded.invoiceNumber,
      order_id: recorded.orderId,
    },
  };
});

export const { PUT, PATCH, DELETE } = methodsNotAllowed("GET", "POST");
