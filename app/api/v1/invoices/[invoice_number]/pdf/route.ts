// GET /api/v1/invoices/:invoice_number/pdf – the invoice's stored PDF, named after its number (ETag, immutable; If-None-Match → 304)
import { z } from "zod";
import { apiRoute, methodsNotAllowed } from "@/lib/api/route";
import { documentResponse } from "@/lib/documents/document-response";
import { invoiceNumberSchema } from "@/lib/gst/invoice-number";
import { getInvoicePdf } from "@/lib/invoices/get-invoice-pdf";

const params = z.object({ invoice_number: invoiceNumberSchema });

export const GET = apiRoute({ auth: "session", action: "invoices:read", params }, async ({ db, accountId, params, request }) =>
  documentResponse(await getInvoicePdf(db, { accountId, invoiceNumber: params.invoice_number, ifNoneMatch: request.headers.get("if-none-match") })),
);

export const { POST, PUT, PATCH, DELETE } = methodsNotAllowed("GET");
