"use client";

import Link from "next/link";
import { useRouter } from "next/navigation";
import { useState, useTransition } from "react";
import { apiFetch } from "@/components/api-client";
import { Badge, Button, Card, DataTable, EmptyState, Field, Input } from "@/components/ui";
import { WEBHOOK_EVENT_TYPES } from "@/lib/outbound-webhooks/event-types";
import { setLowBalanceThresholdSchema } from "@/lib/credits/low-balance-threshold-schema";

export interface EndpointRow {
  id: string;
  url: string;
  events: string[];
  createdAt: string;
  overlapUntil: string | null;
}

export interface DeliveryRow {
  id: string;
  eventType: string;
  status: "pending" | "succeeded" | "failed";
  attempts: number;
  lastStatusCode: number | null;
  lastLatencyMs: number | null;
  lastError: string | null;
  createdAt: string;
}

const TONE = { pending: "amber", succeeded: "green", failed: "red" } as const;

export function WebhooksManager({
  endpoints,
  selectedId,
  deliveries,
  lowBalanceThreshold,
  defaultLowBalanceThreshold,
}: {
  endpoints: EndpointRow[];
  selectedId: string | null;
  deliveries: DeliveryRow[];
  lowBalanceThreshold: string | null;
  defaultLowBalanceThreshold: string;
}) {
  const router = useRouter();
  const [, startTransition] = useTransition();
  const [busy, setBusy] = useState<string | null>(null);
  const [message, setMessage] = useState<{ tone: "error" | "ok"; text: string } | null>(null);
  const [secret, setSecret] = useState<{ url: string; secret: string } | null>(null);

  async function run(key: string, call: () => ReturnType<typeof apiFetch<{ secret?: string; webhook_endpoint?: { url: string } }>>, ok: string) {
    setBusy(key);
    setMessage(null);
    const result = await call();
    setBusy(null);
    if (!result.ok) return setMessage({ tone: "error", text: result.error.message });
    if (result.data.secret && result.data.webhook_endpoint) setSecret({ url: result.data.webhook_endpoint.url, secret: result.data.secret });
    setMessage({ tone: "ok", text: ok });
    startTransition(() => router.refresh());
  }

  return (
    <div className="space-y-6">
      {message ? (
        <p role={message.tone === "error" ? "alert" : "status"} className={message.tone === "error" ? "rounded-md bg-red-50 px-3 py-2 text-sm text-red-800" : "rounded-md bg-green-50 px-3 py-2 text-sm text-green-800"}>
          {message.text}
        </p>
      ) : null}
      {secret ? (
        <div className="rounded-lg border border-amber-300 bg-amber-50 p-4">
          <p className="font-medium text-amber-900">Signing secret for {secret.url}: copy it now, it will not be shown again.</p>
          <code data-testid="revealed-webhook-secret" className="mt-2 block break-all rounded bg-white px-2 py-1 font-mono text-sm">
            {secret.secret}
          </code>
        </div>
      ) : null}

      <Card title="Add an endpoint">
        <form
          className="space-y-4"
          noValidate
          onSubmit={(e) => {
            e.preventDefault();
            const data = new FormData(e.currentTarget);
            const url = String(data.get("url") ?? "").trim();
            const events = WEBHOOK_EVENT_TYPES.filter((t) => data.get(`event-${t}`) === "on");
            if (!url) return setMessage({ tone: "error", text: "Enter the HTTPS URL that should receive events." });
            if (events.length === 0) return setMessage({ tone: "error", text: "Choose at least one event." });
            void run("create", () => apiFetch("/api/v1/webhook-endpoints", { method: "POST", body: { url, events } }), "Endpoint added.");
          }}
        >
          <Field label="Endpoint URL" htmlFor="webhook-url" hint="Must be https://. We sign every delivery; see the docs for verification.">
            <Input id="webhook-url" name="url" type="url" placeholder="https://example.com/khata/webhooks" />
          </Field>
          <fieldset>
            <legend className="text-sm font-medium text-slate-800">Events</legend>
            <div className="mt-2 grid gap-2 sm:grid-cols-3">
              {WEBHOOK_EVENT_TYPES.map((t) => (
                <label key={t} className="flex items-center gap-2 text-sm">
                  <input type="checkbox" name={`event-${t}`} defaultChecked className="h-4 w-4" />
                  <code>{t}</code>
                </label>
              ))}
            </div>
          </fieldset>
          <Button type="submit" disabled={busy !== null}>
            {busy === "create" ? "Adding…" : "Add endpoint"}
          </Button>
        </form>
      </Card>

      <Card title="Endpoints">
        {endpoints.length === 0 ? (
          <EmptyState title="No endpoints yet">Add one to receive payment, invoice and credit events.</EmptyState>
        ) : (
          <ul className="divide-y divide-slate-200">
            {endpoints.map((ep) => (
              <li key={ep.id} className="flex flex-wrap items-center justify-between gap-3 py-3">
                <div className="min-w-0">
                  <Link href={`/settings/webhooks?endpoint=${ep.id}`} className="break-all font-medium text-brand-700 underline">
                    {ep.url}
                  </Link>
                  <p className="text-xs text-slate-600">
                    {ep.events.join(", ")} · added {ep.createdAt}
                    {ep.overlapUntil ? ` · previous secret valid until ${ep.overlapUntil}` : ""}
                  </p>
                </div>
                <div className="flex gap-2">
                  <Button
                    variant="secondary"
                    disabled={busy !== null}
                    onClick={() => void run(`rotate-${ep.id}`, () => apiFetch(`/api/v1/webhook-endpoints/${ep.id}/rotate-secret`, { method: "POST", body: {} }), "Secret rotated: the old one keeps signing for 24 hours.")}
                  >
                    Rotate secret
                  </Button>
                  <Button
                    variant="danger"
                    disabled={busy !== null}
                    onClick={() => {
                      if (!window.confirm(`Delete ${ep.url} and its delivery log?`)) return;
                      void run(`delete-${ep.id}`, () => apiFetch(`/api/v1/webhook-endpoints/${ep.id}`, { method: "DELETE" }), "Endpoint deleted.");
                    }}
                  >
                    Delete
                  </Button>
                </div>
              </li>
            ))}
          </ul>
        )}
      </Card>

      {selectedId ? (
        <Card title="Delivery log">
          {deliveries.length === 0 ? (
            <EmptyState title="No deliveries yet" />
          ) : (
            <DataTable
              minWidthRem={40}
              headers={[
                { label: "Event" },
                { label: "Status" },
                { label: "Attempts" },
                { label: "Response" },
                { label: "Latency" },
                { label: "Created" },
                { label: "Actions", srOnly: true },
              ]}
            >
              {deliveries.map((d) => (
                <tr key={d.id}>
                  <td className="py-2 pr-3 font-mono text-xs" data-label="Event">{d.eventType}</td>
                  <td className="py-2 pr-3" data-label="Status">
                    <Badge tone={TONE[d.status]}>{d.status}</Badge>
                  </td>
                  <td className="py-2 pr-3" data-label="Attempts">{d.attempts}</td>
                  <td className="py-2 pr-3" data-label="Response" title={d.lastError ?? undefined}>
                    {d.lastStatusCode ?? (d.lastError ? "error" : "—")}
                  </td>
                  <td className="py-2 pr-3" data-label="Latency">{d.lastLatencyMs !== null ? `${d.lastLatencyMs} ms` : "—"}</td>
                  <td className="py-2 pr-3" data-label="Created">{d.createdAt}</td>
                  <td className="py-2 text-right">
                    <Button
                      variant="secondary"
                      disabled={busy !== null}
                      onClick={() => void run(`resend-${d.id}`, () => apiFetch(`/api/v1/webhook-deliveries/${d.id}/resend`, { method: "POST" }), "Queued to send again.")}
                    >
                      Send again
                    </Button>
                  </td>
                </tr>
              ))}
            </DataTable>
          )}
        </Card>
      ) : null}

      <Card title="Low-balance alert">
        <form
          className="flex flex-wrap items-end gap-3"
          noValidate
          onSubmit={(e) => {
            e.preventDefault();
            const raw = String(new FormData(e.currentTarget).get("threshold") ?? "").trim();
            const value = raw === "" ? null : Number(raw);
            const parsed = setLowBalanceThresholdSchema.safeParse({ low_balance_threshold: value });
            if (!parsed.success) return setMessage({ tone: "error", text: parsed.error.issues[0]?.message ?? "Enter a whole number of credits." });
            void run("threshold", () => apiFetch("/api/v1/credits/alerts", { method: "PUT", body: parsed.data }), value === null ? `Low-balance alert back to the default (${defaultLowBalanceThreshold} credits).` : "Low-balance alert saved.");
          }}
        >
          <div className="min-w-[14rem]">
            <Field label="Send credits.low when the balance falls to (credits)" htmlFor="threshold" hint={`Leave empty for the default, ${defaultLowBalanceThreshold} credits. The billing overview warns at the same level.`}>
              <Input id="threshold" name="threshold" inputMode="numeric" defaultValue={lowBalanceThreshold ?? ""} />
            </Field>
          </div>
          <Button type="submit" disabled={busy !== null}>
            Save
          </Button>
        </form>
      </Card>
    </div>
  );
}
