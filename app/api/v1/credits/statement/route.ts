// GET /api/v1/credits/statement – the statement of account PDF for a period (?from=&to=, IST dates)
import { apiRoute, methodsNotAllowed } from "@/lib/api/route";
import { getStatementPdf } from "@/lib/credits/statement-pdf/get-statement-pdf";
import { statementPdfQuerySchema } from "@/lib/credits/statement-query";

export const GET = apiRoute({ auth: "session_or_api_key", action: "credits:statement", query: statementPdfQuerySchema }, async ({ db, accountId, query }) => {
  const { filename, bytes } = await getStatementPdf(db, accountId, query);
  return new Response(new Uint8Array(bytes), {
    status: 200,
    headers: { "content-type": "application/pdf", "content-disposition": `attachment; filename="${filename}"`, "cache-control": "no-store" },
  });
});

export const { POST, PUT, PATCH, DELETE } = methodsNotAllowed("GET");
