import { and, eq } from "drizzle-orm";
import type { Executor } from "@/lib/db";
import { notificationPreferences } from "@/lib/db/schema";
import { NOTIFICATION_KIND_IDS, NOTIFICATION_KINDS, type NotificationKind } from "./notification-kinds";

export interface NotificationPreferenceView {
  kind: NotificationKind;
  label: string;
  /** Must-go kinds are always on and cannot be switched off. */
  mustGo: boolean;
  enabled: boolean;
}

/** One user's choices for one account, every kind listed (defaults on). */
export async function listNotificationPreferences(db: Executor, input: { userId: string; accountId: string }): Promise<NotificationPreferenceView[]> {
  const rows = await db
    .select({ kind: notificationPreferences.kind, enabled: notificationPreferences.enabled })
    .from(notificationPreferences)
    .where(and(eq(notificationPreferences.userId, input.userId), eq(notificationPreferences.accountId, input.accountId)));
  const stored = new Map(rows.map((r) => [r.kind, r.enabled]));
  return NOTIFICATION_KIND_IDS.map((kind) => {
    const { label, mustGo } = NOTIFICATION_KINDS[kind];
    return { kind, label, mustGo, enabled: mustGo ? true : (stored.get(kind) ?? true) };
  });
}

export type SetPreferencesOutcome = { outcome: "saved"; preferences: NotificationPreferenceView[] } | { outcome: "must_go"; kinds: NotificationKind[] };

/**
 * Saves a user's choices for an account (only the given kinds change). Switching off a must-go kind is refused
 * and saves nothing. The caller is a member of the account (the policy check, `notifications:manage`).
 */
export async function setNotificationPreferences(
  db: Executor,
  input: { userId: string; accountId: string; choices: Partial<Record<NotificationKind, boolean>>; now?: Date },
): Promise<SetPreferencesOutcome> {
  const entries = Object.entries(input.choices) as [NotificationKind, boolean][];
  const refused = entries.filter(([kind, enabled]) => NOTIFICATION_KINDS[kind].mustGo && !enabled).map(([kind]) => kind);
  if (refused.length > 0) return { outcome: "must_go", kinds: refused };
  const rows = entries
    .filter(([kind]) => !NOTIFICATION_KINDS[kind].mustGo)
    .map(([kind, enabled]) => ({ userId: input.userId, accountId: input.accountId, kind, enabled, updatedAt: input.now ?? new Date() }));
  for (const row of rows) {
    await db
      .insert(notificationPreferences)
      .values(row)
      .onConflictDoUpdate({
        target: [notificationPreferences.userId, notificationPreferences.accountId, notificationPreferences.kind],
        set: { enabled: row.enabled, updatedAt: row.updatedAt },
      });
  }
  return { outcome: "saved", preferences: await listNotificationPreferences(db, input) };
}
