import { z } from "zod";

/** At most a month and a bit per run: Cashfree's recon is paged, and an operator's question is a day or a month. */
export const MAX_PERIOD_DAYS = 31;

/** Cross-field checks only once both dates parsed (zod would otherwise run them on the raw strings). */
const whenDatesParsed = (payload: { value: unknown; issues: readonly unknown[] }) => payload.issues.length === 0;

export const startRunBodySchema = z
  .object({
    from: z.iso.datetime({ offset: true }).transform((s) => new Date(s)),
    to: z.iso.datetime({ offset: true }).transform((s) => new Date(s)),
  })
  .strict()
  .refine((b) => b.from < b.to, { message: "must be after from", path: ["to"], when: whenDatesParsed })
  .refine((b) => b.to.getTime() - b.from.getTime() <= MAX_PERIOD_DAYS * 24 * 60 * 60 * 1000, {
    when: whenDatesParsed,
    message: `the period may be at most ${MAX_PERIOD_DAYS} days`,
    path: ["to"],
  });
export type StartRunBody = z.infer<typeof startRunBodySchema>;

export const runIdParamsSchema = z.object({ run_id: z.string().regex(/^rr_[A-Za-z0-9_]{1,60}$/, "is not a reconciliation run id") });

export const listRunsQuerySchema = z.object({ limit: z.coerce.number().int().min(1).max(100).default(30) });
