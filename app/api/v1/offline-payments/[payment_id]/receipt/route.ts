// GET /api/v1/offline-payments/:payment_id/receipt – the account's receipt PDF for an offline payment (rendered once and stored; ETag, If-None-Match → 304)
import { apiRoute, methodsNotAllowed } from "@/lib/api/route";
import { documentResponse } from "@/lib/documents/document-response";
import { getReceiptPdf } from "@/lib/offline-payments/get-receipt-pdf";
import { paymentIdParamsSchema } from "@/lib/offline-payments/schemas";

export const GET = apiRoute({ auth: "session", action: "payments:read", params: paymentIdParamsSchema }, async ({ db, accountId, params, request }) =>
  documentResponse(await getReceiptPdf(db, { accountId, paymentId: params.payment_id, ifNoneMatch: request.headers.get("if-none-match") })),
);

export const { POST, PUT, PATCH, DELETE } = methodsNotAllowed("GET");
