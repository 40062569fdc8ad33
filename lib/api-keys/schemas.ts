import { z } from "zod";

export const MAX_ACTIVE_KEYS_PER_ACCOUNT = 25;

export const createApiKeySchema = z.strictObject({
  name: z.string().trim().min(1, "Give the key a name.").max(100),
});

export const apiKeyParamsSchema = z.object({ key_id: z.string().regex(/^key_[0-9a-f]{24}$/) });

/** The personal-key calls take no input: nothing, or an empty object (anything else is a 400 and changes nothing). */
export const personalKeyBodySchema = z.strictObject({}).optional();
