import { z } from "zod";

/** A whole-number query parameter (`limit`, `offset`, …) in [min, max]; absent or empty → `fallback`. */
export function intQueryParam<F extends number | undefined>(min: number, max: number, fallback: F) {
  return z
    .string()
    .optional()
    .transform((value, ctx): number | F => {
      if (value === undefined || value === "") return fallback;
      if (!/^\d+$/.test(value) || Number(value) < min || Number(value) > max) {
        ctx.addIssue({ code: "custom", message: `must be a whole number from ${min} to ${max}` });
        return z.NEVER;
      }
      return Number(value);
    });
}
