import { z } from "zod";

export const accountIdParamsSchema = z.strictObject({ account_id: z.string().min(1).max(64) });

/** The reason is shown to the account's owner (dashboard banner, the 403's message): a sentence, not a code. */
export const suspendAccountSchema = z.strictObject({ reason: z.string().trim().min(3).max(500) });

export const unsuspendAccountSchema = z.strictObject({ note: z.string().trim().max(500).optional() });
