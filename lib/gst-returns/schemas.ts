import { z } from "zod";
import { istMonthRange } from "@/lib/money/ist";
import { istDayStart } from "@/lib/validation/ist-period";

/** A month or a quarter (quarterly filers under QRMP): at most 92 days. */
export const MAX_GSTR1_DAYS = 92;

const day = z
  .string()
  .regex(/^\d{4}-(0[1-9]|1[0-2])-(0[1-9]|[12]\d|3[01])$/, { message: "must be a date YYYY-MM-DD", abort: true })
  .refine((d) => istDayStart(d) !== null, "is not a calendar date");

/** IST midnight of a YYYY-MM-DD date, as UTC. */
function istMidnight(date: string): Date {
  return new Date(`${date}T00:00:00+05:30`);
}

export const gstr1QuerySchema = z
  .object({
    period: z.string().regex(/^\d{4}-(0[1-9]|1[0-2])$/, "must be a month YYYY-MM").optional(),
    from: day.optional(),
    to: day.optional(),
    format: z.enum(["json", "csv"]).default("json"),
  })
  .strict()
  .superRefine((q, ctx) => {
    if (q.period && (q.from || q.to)) ctx.addIssue({ code: "custom", path: ["period"], message: "give either period or from and to, not both" });
    else if (!q.period && !(q.from && q.to)) ctx.addIssue({ code: "custom", path: ["period"], message: "give a period (YYYY-MM) or from and to (YYYY-MM-DD)" });
    else if (q.from && q.to) {
      const from = istMidnight(q.from);
      const to = istMidnight(q.to);
      if (to < from) ctx.addIssue({ code: "custom", path: ["to"], message: "must not be before from" });
      else if ((to.getTime() - from.getTime()) / 86_400_000 + 1 > MAX_GSTR1_DAYS) {
        ctx.addIssue({ code: "custom", path: ["to"], message: `the period may be at most ${MAX_GSTR1_DAYS} days (a quarter)` });
      }
    }
  })
  .transform((q) => ({ ...gstr1Period(q), format: q.format }));

export type Gstr1Query = z.infer<typeof gstr1QuerySchema>;

export interface Gstr1Period {
  /** [startUtc, endUtc): IST days. */
  startUtc: Date;
  endUtc: Date;
  /** MMYYYY of the period's (last) month. */
  fp: string;
  /** For file names: "2026-11" or "2026-10-01_2026-12-31". */
  label: string;
}

export function gstr1Period(q: { period?: string; from?: string; to?: string }): Gstr1Period {
  if (q.period) {
    const { startUtc, endUtc } = istMonthRange(q.period);
    const [year, month] = q.period.split("-");
    return { startUtc, endUtc, fp: `${month}${year}`, label: q.period };
  }
  const startUtc = istMidnight(q.from!);
  const endUtc = new Date(istMidnight(q.to!).getTime() + 86_400_000);
  const [year, month] = q.to!.split("-");
  return { startUtc, endUtc, fp: `${month}${year}`, label: `${q.from}_${q.to}` };
}
