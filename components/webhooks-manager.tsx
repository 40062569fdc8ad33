"use client";

import Link from "next/link";
import { useRouter } from "next/navigation";
import { useState, useTransition } from "react";
import { apiFetch } from "@/components/api-client";
import { humanApiMessage } from "@/components/human-error";
import { Badge, Button, Card, DataTable, EmptyState, Field, Input } from "@/components/ui";
import { WEBHOOK_EVENT_TYPES } from "@/lib/outbound-webhooks/event-types";
import { setLowBalanceThresholdSchema } from "@/lib/credits/low-balance-threshold-schema";

const FIELD_LABELS = { url: "Endpoint URL", events: "Events", low_balance_threshold: "Alert level", overlap_hours: "Overlap" };

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
    if (!result.ok) return setMessage({ tone: "error", text: humanApiMessage(result.error, FIELD_LABELS) });
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
          <Field label="Endpoint URL" htmlFor="webhook-url" hint="Must be https://. We sign every delivery.">
            <Input id="webhook-url" name="url" type="url" placeholder="https://example.com/khata/webhooks" />
          </Field>
          <p className="text-sm">
            <a href="#verify-signatures" className="font-medium text-brand-700 underline">
              How to verify a delivery&apos;s signature
            </a>
          </p>
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
                <div className="flex flex-wrap gap-2">
                  <Button
                    variant="secondary"
                    disabled={busy !== null}
                    onClick={() =>
                      void run(`test-${ep.id}`, () => apiFetch(`/api/v1/webhook-endpoints/${ep.id}/test`, { method: "POST", body: {} }), `Test event sent to ${ep.url}: see its delivery log.`)
                    }
                  >
                    {busy === `test-${ep.id}` ? "Sending…" : "Send a test event"}
                  </Button>
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
            if (!parsed.success) return setMessage({ tone: "error", text: "Enter the alert level as a whole number of credits, or leave it empty for the default." });
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

      <section id="verify-signatures" aria-labelledby="verify-signatures-title" className="rounded-lg border border-slate-200 bg-white p-4 text-sm">
        <h2 id="verify-signatures-title" className="text-base font-semibold text-slate-900">
          Verifying a delivery
        </h2>
        <ol className="mt-2 list-decimal space-y-1 pl-5 text-slate-700">
          <li>
            Read the <strong>raw</strong> request body, before any JSON parsing.
          </li>
          <li>
            Take <code>t</code> and every <code>v1</code> from the <code>Khata-Signature</code> header (<code>t=&lt;unix seconds&gt;,v1=&lt;hex&gt;</code>; two{" "}
            <code>v1</code> during a secret rotation).
          </li>
          <li>
            Compute HMAC-SHA256 with your signing secret over <code>&lt;t&gt;.&lt;raw body&gt;</code>, in lowercase hex, and compare it in constant time with each{" "}
            <code>v1</code>.
          </li>
          <li>
            Refuse it when no <code>v1</code> matches or <code>t</code> is more than 5 minutes from your clock; deduplicate on <code>Khata-Event-Id</code>.
          </li>
        </ol>
        <p className="mt-2 text-slate-600">
          &ldquo;Send a test event&rdquo; posts a signed <code>webhook.test</code> event to one endpoint, whatever it subscribes to, so you can check your code.
        </p>
      </section>
    </div>
  );
}
