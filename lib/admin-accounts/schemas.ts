import { z } from "zod";
import { intQueryParam } from "@/lib/validation/query-params";

/** GET /api/v1/admin/accounts?q=: a name, email, GSTIN, order id, invoice, credit note or receipt number. */
export const accountSearchQuerySchema = z.strictObject({
  q: z.string().trim().min(2, "q must be at least 2 characters").max(200),
  limit: intQueryParam(1, 50, 20),
});
export type AccountSearchQuery = z.output<typeof accountSearchQuerySchema>;

export const adminAccountParamsSchema = z.strictObject({ account_id: z.string().min(1).max(64) });
