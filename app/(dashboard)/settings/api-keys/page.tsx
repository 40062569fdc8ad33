import type { Metadata } from "next";
import { ApiKeysManager } from "@/components/api-keys-manager";
import { PersonalKeyManager } from "@/components/personal-key-manager";
import { Card, PageHeader } from "@/components/ui";
import { getPersonalKey } from "@/lib/api-keys/get-personal-key";
import { listApiKeys } from "@/lib/api-keys/list-api-keys";
import { requireAccountMember } from "@/lib/auth/page-session";
import { getDb } from "@/lib/db";
import { formatIstDateTime } from "@/lib/money/ist";

export const metadata: Metadata = { title: "API keys" };

export default async function ApiKeysPage() {
  const member = await requireAccountMember();
  const db = await getDb();
  const accountId = member.account.accountId;
  const personal = member.can("api_keys:personal") ? await getPersonalKey(db, { accountId, userId: member.user.id }) : null;
  const keys = member.can("api_keys:manage") ? await listApiKeys(db, accountId) : null;
  return (
    <>
      <PageHeader
        title="API keys"
        description="Your own key acts as you, with your role. The account's service keys let your servers check the balance and record usage. Every key is shown only once."
      />
      <div className="space-y-6">
        {member.can("api_keys:personal") ? (
          <PersonalKeyManager
            role={member.role}
            personalKey={
              personal
                ? {
                    prefix: personal.prefix,
                    createdAt: formatIstDateTime(personal.createdAt),
                    lastUsedAt: personal.lastUsedAt ? formatIstDateTime(personal.lastUsedAt) : null,
                  }
                : null
            }
          />
        ) : null}
        {keys ? (
          <>
            <h2 className="text-lg font-semibold text-slate-900">Service keys</h2>
            <ApiKeysManager
              keys={keys.map((k) => ({
                id: k.id,
                name: k.name,
                prefix: k.prefix,
                createdAt: formatIstDateTime(k.createdAt),
                lastUsedAt: k.lastUsedAt ? formatIstDateTime(k.lastUsedAt) : null,
                status: k.revokedAt ? "revoked" : "active",
              }))}
            />
          </>
        ) : (
          <Card title="Service keys">
            <p className="text-sm text-slate-700">Only owners and admins can see and manage the account&apos;s service keys.</p>
          </Card>
        )}
      </div>
    </>
  );
}
