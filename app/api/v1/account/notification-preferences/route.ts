// GET /api/v1/account/notification-preferences – which notification mails of the active account the caller receives; PUT – change them (must-go kinds cannot be switched off)
import { apiRoute, methodsNotAllowed } from "@/lib/api/route";
import { AppError } from "@/lib/errors";
import { listNotificationPreferences, setNotificationPreferences } from "@/lib/notifications/notification-preferences";
import { toNotificationPreferencesView } from "@/lib/notifications/notification-preferences-view";
import { notificationPreferencesSchema } from "@/lib/notifications/schemas";

export const GET = apiRoute({ auth: "session", action: "notifications:manage" }, async ({ db, actor, accountId }) => {
  if (actor?.kind !== "session") throw new AppError("unauthorized", "Sign in to use this endpoint.");
  return { body: toNotificationPreferencesView(await listNotificationPreferences(db, { userId: actor.userId, accountId })) };
});

export const PUT = apiRoute({ auth: "session", action: "notifications:manage", body: notificationPreferencesSchema }, async ({ db, actor, accountId, body }) => {
  if (actor?.kind !== "session") throw new AppError("unauthorized", "Sign in to use this endpoint.");
  const result = await setNotificationPreferences(db, { userId: actor.userId, accountId, choices: body.preferences });
  if (result.outcome === "must_go") {
    throw new AppError("invalid_request", "Invoices and security notices are always sent; they cannot be switched off.", { details: { kinds: result.kinds } });
  }
  return { body: toNotificationPreferencesView(result.preferences) };
});

export const { POST, PATCH, DELETE } = methodsNotAllowed("GET", "PUT");
