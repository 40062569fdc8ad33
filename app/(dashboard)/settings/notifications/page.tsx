// GET /settings/notifications – which notification mails of this account the signed-in user receives
import type { Metadata } from "next";
import { NotificationPreferencesForm } from "@/components/notification-preferences-form";
import { Card, PageHeader } from "@/components/ui";
import { requireAccountMember } from "@/lib/auth/page-session";
import { getDb } from "@/lib/db";
import { listNotificationPreferences } from "@/lib/notifications/notification-preferences";

export const metadata: Metadata = { title: "Notifications" };

export default async function NotificationsSettingsPage() {
  const member = await requireAccountMember();
  const preferences = await listNotificationPreferences(await getDb(), { userId: member.user.id, accountId: member.account.accountId });
  return (
    <>
      <PageHeader title="Notifications" description={`Mails about ${member.account.accountName} to ${member.user.email}`} />
      <Card title="Email me when">
        <p className="-mt-2 mb-4 text-sm text-slate-600">
          Your choice, for this account only. Invoices always go to the billing profile&apos;s email, and security notices to every member.
        </p>
        <NotificationPreferencesForm initial={preferences.map((p) => ({ kind: p.kind, label: p.label, mustGo: p.mustGo, enabled: p.enabled }))} />
      </Card>
    </>
  );
}
