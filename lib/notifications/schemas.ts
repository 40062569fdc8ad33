import { z } from "zod";
import { NOTIFICATION_KIND_IDS, type NotificationKind } from "./notification-kinds";

const kindFields = Object.fromEntries(
  NOTIFICATION_KIND_IDS.map((kind) => [kind, z.boolean({ error: "Each choice is on (true) or off (false)." }).optional()]),
) as Record<NotificationKind, z.ZodOptional<z.ZodBoolean>>;

/** PUT /api/v1/account/notification-preferences: `{preferences: {"low-balance": false, …}}`, only known kinds. */
export const notificationPreferencesSchema = z.strictObject({
  preferences: z.strictObject(kindFields, { error: "Choose among the notification kinds listed by GET." }),
});
