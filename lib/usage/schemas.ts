import { z } from "zod";
import { isIstMonthKey } from "@/lib/money/ist";

export const MAX_BATCH_EVENTS = 1000;
export const MAX_CREDITS_PER_EVENT = 1_000_000;

export const usageEventSchema = z.strictObject({
  /** The caller's id for the billable event: the idempotency key (a repeat consumes nothing). */
  event_id: z.string().min(1).max(255).regex(/^[\x21-\x7e]+$/, "event_id must be visible ASCII characters."),
  credits: z.number().int().min(1).max(MAX_CREDITS_PER_EVENT),
  description: z.string().trim().max(500).optional(),
  metadata: z
    .record(z.string().max(100), z.unknown())
    .optional()
    .refine((m) => m === undefined || JSON.stringify(m).length <= 4096, "metadata must be at most 4 KB of JSON."),
});
export type UsageEventInput = z.infer<typeof usageEventSchema>;

export const usageBatchSchema = z.strictObject({
  events: z.array(usageEventSchema).min(1).max(MAX_BATCH_EVENTS),
});

export const usageMonthQuerySchema = z.strictObject({
  month: z
    .string()
    .refine(isIstMonthKey, "month must look like 2026-11.")
    .optional(),
});
