import { and, eq, inArray } from "drizzle-orm";
import type { Executor } from "@/lib/db";
import { accounts, memberships, notificationPreferences, users } from "@/lib/db/schema";
import { enqueueEmail } from "@/lib/mail/enqueue-email";
import type { NotificationTemplates } from "@/lib/mail/notification-templates";
import type { MailTemplates } from "@/lib/mail/templates";
import { NOTIFICATION_KINDS, type NotificationKind } from "./notification-kinds";

export interface NotifyAccountInput<K extends NotificationKind> {
  accountId: string;
  kind: K;
  /** Names the cause (`low-balance:<outbox event id>`): each recipient gets one mail per cause, however often this runs. */
  dedupeKey: string;
  data: Omit<NotificationTemplates[K], "accountName">;
  /** Send to these addresses instead of the members (an invoice to its billing email). */
  to?: string[];
}

/**
 * Records one mail per recipient, and its send job, IN THE CALLER'S TRANSACTION: the account's members who have
 * not switched this kind off (must-go kinds ignore the switch), or the given addresses. The dedupe key per
 * recipient (`<dedupeKey>:<address>`) makes a retried or repeated caller send nothing twice. Returns the email ids.
 */
export async function notifyAccount<K extends NotificationKind>(tx: Executor, input: NotifyAccountInput<K>): Promise<string[]> {
  const [account] = await tx.select({ name: accounts.name }).from(accounts).where(eq(accounts.id, input.accountId));
  if (!account) return [];
  const recipients = input.to ?? (await memberRecipients(tx, input.accountId, input.kind));
  const ids: string[] = [];
  for (const to of [...new Set(recipients.map((r) => r.toLowerCase()))].sort()) {
    const data = { ...input.data, accountName: account.name } as unknown as MailTemplates[K];
    ids.push(await enqueueEmail(tx, { to, template: input.kind, data, dedupeKey: `${input.dedupeKey}:${to}` }));
  }
  return ids;
}

async function memberRecipients(tx: Executor, accountId: string, kind: NotificationKind): Promise<string[]> {
  const members = await tx
    .select({ userId: users.id, email: users.email })
    .from(memberships)
    .innerJoin(users, eq(users.id, memberships.userId))
    .where(eq(memberships.accountId, accountId));
  if (NOTIFICATION_KINDS[kind].mustGo || members.length === 0) return members.map((m) => m.email);
  const off = await tx
    .select({ userId: notificationPreferences.userId })
    .from(notificationPreferences)
    .where(
      and(
        eq(notificationPreferences.accountId, accountId),
        eq(notificationPreferences.kind, kind),
        eq(notificationPreferences.enabled, false),
        inArray(notificationPreferences.userId, members.map((m) => m.userId)),
      ),
    );
  const optedOut = new Set(off.map((o) => o.userId));
  return members.filter((m) => !optedOut.has(m.userId)).map((m) => m.email);
}
