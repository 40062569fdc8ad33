import type { Metadata } from "next";
import { ApiKeysManager } from "@/components/api-keys-manager";
import { ManagersOnly } from "@/components/managers-only";
import { PageHeader } from "@/components/ui";
import { listApiKeys } from "@/lib/api-keys/list-api-keys";
import { requireAccountMember } from "@/lib/auth/page-session";
import { getDb } from "@/lib/db";
import { formatIstDateTime } from "@/lib/money/ist";

export const metadata: Metadata = { title: "API keys" };

export default async function ApiKeysPage() {
  const member = await requireAccountMember();
  if (!member.can("api_keys:manage")) {
    return <ManagersOnly title="API keys" what="see and manage API keys" />;
  }
  const keys = await listApiKeys(await getDb(), member.account.accountId);
  return (
    <>
      <PageHeader
        title="API keys"
        description="Keys let your servers check the balance and record usage. Send one in the X-API-KEY header; it is shown only once."
      />
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
  );
}
