// GET /api/v1/admin/gstr1 – operators: the supplier's GSTR-1 for ?period=YYYY-MM or ?from=&to= (≤ a quarter), format=json (offline tool) | csv
import { apiRoute, methodsNotAllowed } from "@/lib/api/route";
import { gstr1Download } from "@/lib/gst-returns/get-gstr1";
import { gstr1QuerySchema } from "@/lib/gst-returns/schemas";

export const GET = apiRoute({ auth: "session", action: "operator:gst_returns", query: gstr1QuerySchema }, async ({ db, query }) => gstr1Download(db, query));

export const { POST, PUT, PATCH, DELETE } = methodsNotAllowed("GET");
