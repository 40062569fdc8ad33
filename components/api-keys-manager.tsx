"use client";

import { useRouter } from "next/navigation";
import { useState, useTransition } from "react";
import { apiFetch } from "@/components/api-client";
import { Badge, Button, Card, DataTable, EmptyState, Field, Input } from "@/components/ui";
import { createApiKeySchema } from "@/lib/api-keys/schemas";

export interface ApiKeyRow {
  id: string;
  name: string;
  prefix: string;
  createdAt: string;
  lastUsedAt: string | null;
  status: "active" | "revoked";
}

interface KeyResponse {
  api_key: { id: string; name: string };
  key: string;
}

export function ApiKeysManager({ keys }: { keys: ApiKeyRow[] }) {
  const router = useRouter();
  const [, startTransition] = useTransition();
  const [busy, setBusy] = useState<string | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [nameError, setNameError] = useState<string | null>(null);
  const [revealed, setRevealed] = useState<{ name: string; key: string } | null>(null);
  const [copied, setCopied] = useState(false);

  async function act(id: string, call: () => Promise<{ ok: true; data: KeyResponse } | { ok: false; error: { message: string } }>) {
    setBusy(id);
    setError(null);
    const result = await call();
    setBusy(null);
    if (!result.ok) return setError(result.error.message);
    if (result.data.key) {
      setRevealed({ name: result.data.api_key.name, key: result.data.key });
      setCopied(false);
    }
    startTransition(() => router.refresh());
  }

  return (
    <div className="space-y-6">
      {error ? (
        <p role="alert" className="rounded-md bg-red-50 px-3 py-2 text-sm text-red-800">
          {error}
        </p>
      ) : null}
      {revealed ? (
        <div role="status" className="rounded-lg border border-amber-300 bg-amber-50 p-4">
          <p className="font-medium text-amber-900">Copy the key for “{revealed.name}” now. It will not be shown again.</p>
          <div className="mt-2 flex flex-wrap items-center gap-2">
            <code data-testid="revealed-api-key" className="break-all rounded bg-white px-2 py-1 font-mono text-sm text-slate-900">
              {revealed.key}
            </code>
            <Button
              variant="secondary"
              onClick={() => {
                void navigator.clipboard?.writeText(revealed.key).then(() => setCopied(true));
              }}
            >
              {copied ? "Copied" : "Copy"}
            </Button>
          </div>
        </div>
      ) : null}
      <Card title="Create a key">
        <form
          className="flex flex-wrap items-end gap-3"
          noValidate
          onSubmit={(e) => {
            e.preventDefault();
            const form = e.currentTarget;
            const parsed = createApiKeySchema.safeParse({ name: new FormData(form).get("name") });
            if (!parsed.success) return setNameError(parsed.error.issues[0]?.message ?? "Give the key a name.");
            setNameError(null);
            void act("create", () => apiFetch<KeyResponse>("/api/v1/api-keys", { method: "POST", body: parsed.data })).then(() => form.reset());
          }}
        >
          <div className="min-w-[16rem] flex-1">
            <Field label="Key name" htmlFor="key-name" error={nameError} hint="Where it is used, e.g. “production backend”.">
              <Input id="key-name" name="name" maxLength={100} />
            </Field>
          </div>
          <Button type="submit" disabled={busy !== null}>
            {busy === "create" ? "Creating…" : "Create key"}
          </Button>
        </form>
      </Card>
      <Card title="Keys">
        {keys.length === 0 ? (
          <EmptyState title="No API keys yet">Create a key to call /api/v1/balance and /api/v1/usage from your servers.</EmptyState>
        ) : (
          <DataTable
            minWidthRem={36}
            headers={[
              { label: "Name" },
              { label: "Key" },
              { label: "Created" },
              { label: "Last used" },
              { label: "Status" },
              { label: "Actions", srOnly: true },
            ]}
          >
            {keys.map((k) => (
              <tr key={k.id} data-testid={`api-key-${k.name}`}>
                <td className="py-2 pr-3 font-medium" data-label="Name">{k.name}</td>
                <td className="py-2 pr-3 font-mono text-xs" data-label="Key">{k.prefix}…</td>
                <td className="py-2 pr-3" data-label="Created">{k.createdAt}</td>
                <td className="py-2 pr-3" data-label="Last used">{k.lastUsedAt ?? "Never"}</td>
                <td className="py-2 pr-3" data-label="Status">
                  <Badge tone={k.status === "active" ? "green" : "neutral"}>{k.status}</Badge>
                </td>
                <td className="py-2 text-right">
                  {k.status === "active" ? (
                    <div className="flex justify-end gap-2">
                      <Button
                        variant="secondary"
                        disabled={busy !== null}
                        aria-label={`Regenerate ${k.name}`}
                        onClick={() => {
                          if (!window.confirm(`Regenerate “${k.name}”? The current key stops working at once.`)) return;
                          void act(k.id, () => apiFetch<KeyResponse>(`/api/v1/api-keys/${k.id}/regenerate`, { method: "POST" }));
                        }}
                      >
                        Regenerate
                      </Button>
                      <Button
                        variant="danger"
                        disabled={busy !== null}
                        aria-label={`Revoke ${k.name}`}
                        onClick={() => {
                          if (!window.confirm(`Revoke “${k.name}”? It stops working at once.`)) return;
                          void act(k.id, () => apiFetch<KeyResponse>(`/api/v1/api-keys/${k.id}/revoke`, { method: "POST" }));
                        }}
                      >
                        Revoke
                      </Button>
                    </div>
                  ) : null}
                </td>
              </tr>
            ))}
          </DataTable>
        )}
      </Card>
    </div>
  );
}
