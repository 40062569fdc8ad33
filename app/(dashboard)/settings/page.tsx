import type { Metadata } from "next";
import Link from "next/link";
import { Card, PageHeader } from "@/components/ui";
import { requireAccountMember } from "@/lib/auth/page-session";

export const metadata: Metadata = { title: "Settings" };

export default async function SettingsPage() {
  const member = await requireAccountMember();
  return (
    <>
      <PageHeader title="Settings" description={member.account.accountName} />
      <div className="grid gap-4 sm:grid-cols-2">
        <Card title="Team">
          <p className="text-sm text-slate-600">Members, roles and invitations.</p>
          <Link className="mt-3 inline-block text-sm font-medium text-brand-700 underline" href="/settings/team">
            Manage team
          </Link>
        </Card>
        <Card title="Security">
          <p className="text-sm text-slate-600">Change your password, or sign out on every device.</p>
          <Link className="mt-3 inline-block text-sm font-medium text-brand-700 underline" href="/settings/security">
            Manage security
          </Link>
        </Card>
        <Card title="Notifications">
          <p className="text-sm text-slate-600">Which mails you get about this account: low balance, caps, failed payments, plans.</p>
          <Link className="mt-3 inline-block text-sm font-medium text-brand-700 underline" href="/settings/notifications">
            Choose notifications
          </Link>
        </Card>
        <Card title="Billing profile">
          <p className="text-sm text-slate-600">Legal name, address, state and GSTIN printed on your tax invoices.</p>
          <Link className="mt-3 inline-block text-sm font-medium text-brand-700 underline" href="/settings/billing-profile">
            Edit billing profile
          </Link>
        </Card>
        {member.can("api_keys:personal") || member.can("api_keys:manage") ? (
          <Card title="API keys">
            <p className="text-sm text-slate-600">
              Your own API key{member.can("api_keys:manage") ? ", and the service keys your servers use for /api/v1/balance and /api/v1/usage" : ""}.
            </p>
            <Link className="mt-3 inline-block text-sm font-medium text-brand-700 underline" href="/settings/api-keys">
              Manage API keys
            </Link>
          </Card>
        ) : null}
        {member.can("webhooks:manage") ? (
          <Card title="Webhooks">
            <p className="text-sm text-slate-600">Signed events pushed to your endpoints, delivery log and low-balance alert.</p>
            <Link className="mt-3 inline-block text-sm font-medium text-brand-700 underline" href="/settings/webhooks">
              Manage webhooks
            </Link>
          </Card>
        ) : null}
        {member.can("audit_log:read") ? (
          <Card title="Audit log">
            <p className="text-sm text-slate-600">Who changed what in this account, when and from where.</p>
            <Link className="mt-3 inline-block text-sm font-medium text-brand-700 underline" href="/settings/audit-log">
              View audit log
            </Link>
          </Card>
        ) : null}
      </div>
    </>
  );
}
