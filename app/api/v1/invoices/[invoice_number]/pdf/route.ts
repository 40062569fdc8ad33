// GET /api/v1/invoices/:invoice_number/pdf – the invoice as a PDF download named after its number
import { z } from "zod";
import { apiRoute, methodsNotAllowed } from "@/lib/api/route";
import { invoiceNumberSchema } from "@/lib/gst/invoice-number";
import { getInvoicePdf } from "@/lib/invoices/get-invoice-pdf";

const params = z.object({ invoice_number: invoiceNumberSchema });

export const GET = apiRoute({ auth: "session", action: "invoices:read", params }, async ({ db, accountId, params }) => {
  const { filename, pdf } = await getInvoicePdf(db, { accountId, invoiceNumber: params.invoice_number });
  return new Response(new Uint8Array(pdf), {
    status: 200,
    headers: {
      "content-type": "application/pdf",
      "content-disposition": `attachment; filename="${filename}"`,
      "content-length": String(pdf.length),
      "cache-control": "private, no-store",
    },
  });
});

export const { POST, PUT, PATCH, DELETE } = methodsNotAllowed("GET");
