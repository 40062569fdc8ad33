import { z } from "zod";
import { AUDIT_ACTIONS } from "./audit-actions";

const isoDay = z.string().regex(/^\d{4}-\d{2}-\d{2}$/, "must be a date in yyyy-mm-dd format").refine((s) => !Number.isNaN(new Date(`${s}T00:00:00Z`).getTime()) && new Date(`${s}T00:00:00Z`).toISOString().startsWith(s), "is not a calendar date");

/** Filters of the audit log (console and owners); `before` is the keyset cursor: the last id of the previous page. */
export const auditLogQuerySchema = z
  .object({
    account_id: z.string().regex(/^acc_[0-9a-z]{1,64}$/, "is not an account id").optional(),
    actor_id: z.string().trim().min(1).max(100).optional(),
    action: z.enum(AUDIT_ACTIONS).optional(),
    /** IST calendar days, inclusive. */
    from: isoDay.optional(),
    to: isoDay.optional(),
    before: z.string().regex(/^[1-9]\d{0,18}$/, "is not a cursor from this list").optional(),
    limit: z.coerce.number().int().min(1).max(200).default(50),
  })
  .strict();
export type AuditLogQuery = z.infer<typeof auditLogQuerySchema>;

/** The owner's view: their account is implied, so no account filter. */
export const accountAuditLogQuerySchema = auditLogQuerySchema.omit({ account_id: true });

/** The CSV export: the same filters, up to 10,000 rows a file (page with `before` for more). */
export const auditLogCsvQuerySchema = auditLogQuerySchema.extend({ limit: z.coerce.number().int().min(1).max(10_000).default(10_000) });
