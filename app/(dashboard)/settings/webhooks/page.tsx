import type { Metadata } from "next";
import { WebhooksManager } from "@/components/webhooks-manager";
import { ManagersOnly } from "@/components/managers-only";
import { PageHeader } from "@/components/ui";
import { requireAccountMember } from "@/lib/auth/page-session";
import { DEFAULT_LOW_BALANCE_THRESHOLD_CREDITS } from "@/lib/credits/low-balance";
import { getLowBalanceThreshold } from "@/lib/credits/low-balance-threshold";
import { getDb } from "@/lib/db";
import { formatIstDateTime } from "@/lib/money/ist";
import { listWebhookDeliveries } from "@/lib/outbound-webhooks/list-webhook-deliveries";
import { listWebhookEndpoints } from "@/lib/outbound-webhooks/list-webhook-endpoints";

export const metadata: Metadata = { title: "Webhooks" };

export default async function WebhooksPage({ searchParams }: { searchParams: Promise<{ endpoint?: string }> }) {
  const member = await requireAccountMember();
  if (!member.can("webhooks:manage")) {
    return <ManagersOnly title="Webhooks" what="manage webhook endpoints" />;
  }
  const db = await getDb();
  const accountId = member.account.accountId;
  const [endpoints, threshold] = await Promise.all([listWebhookEndpoints(db, accountId), getLowBalanceThreshold(db, accountId)]);
  const { endpoint } = await searchParams;
  const selected = endpoints.find((e) => e.id === endpoint) ?? endpoints[0] ?? null;
  const deliveries = selected ? await listWebhookDeliveries(db, { accountId, endpointId: selected.id, limit: 50 }) : [];
  return (
    <>
      <PageHeader
        title="Webhooks"
        description="Khata POSTs signed events to your endpoints: payment.completed, payment.failed, invoice.created, credits.low, budget.exceeded, user.created."
      />
      <WebhooksManager
        endpoints={endpoints.map((e) => ({
          id: e.id,
          url: e.url,
          events: e.events,
          createdAt: formatIstDateTime(e.created_at),
          overlapUntil: e.previous_secret_expires_at ? formatIstDateTime(e.previous_secret_expires_at) : null,
        }))}
        selectedId={selected?.id ?? null}
        deliveries={deliveries.map((d) => ({
          id: d.id,
          eventType: d.event_type,
          status: d.status,
          attempts: d.attempts,
          lastStatusCode: d.last_status_code,
          lastLatencyMs: d.last_latency_ms,
          lastError: d.last_error,
          createdAt: formatIstDateTime(d.created_at),
        }))}
        lowBalanceThreshold={threshold === null ? null : threshold.toString()}
        defaultLowBalanceThreshold={DEFAULT_LOW_BALANCE_THRESHOLD_CREDITS.toString()}
      />
    </>
  );
}
