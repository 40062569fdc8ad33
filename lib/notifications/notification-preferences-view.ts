import type { NotificationPreferenceView } from "./notification-preferences";

/** The API shape of one user's notification choices for the active account. */
export function toNotificationPreferencesView(preferences: NotificationPreferenceView[]) {
  return { preferences: preferences.map((p) => ({ kind: p.kind, label: p.label, must_go: p.mustGo, enabled: p.enabled })) };
}
