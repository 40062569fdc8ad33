// GET /api/v1/invoices/:invoice_number – one invoice: its numbers and the snapshot as issued
import { z } from "zod";
import { apiRoute, methodsNotAllowed } from "@/lib/api/route";
import { invoiceNumberSchema } from "@/lib/gst/invoice-number";
import { getInvoice } from "@/lib/invoices/get-invoice";

const params = z.object({ invoice_number: invoiceNumberSchema });

export const GET = apiRoute({ auth: "session", action: "invoices:read", params }, async ({ db, accountId, params }) => {
  return { body: await getInvoice(db, { accountId, invoiceNumber: params.invoice_number }) };
});

export const { POST, PUT, PATCH, DELETE } = methodsNotAllowed("GET");
