"use client";

import { useRouter } from "next/navigation";
import { useState, useTransition } from "react";
import { apiFetch } from "@/components/api-client";
import { Button, Card } from "@/components/ui";

export interface PersonalKeyRow {
  prefix: string;
  createdAt: string;
  lastUsedAt: string | null;
}

interface KeyResponse {
  key?: string;
}

/** "Your API key": the signed-in member's own key for this account (any role), acting with their role only. */
export function PersonalKeyManager({ personalKey, role }: { personalKey: PersonalKeyRow | null; role: string }) {
  const router = useRouter();
  const [, startTransition] = useTransition();
  const [busy, setBusy] = useState<"create" | "regenerate" | "revoke" | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [revealed, setRevealed] = useState<string | null>(null);
  const [copied, setCopied] = useState(false);

  async function act(what: "create" | "regenerate" | "revoke") {
    const path = what === "create" ? "/api/v1/api-keys/personal" : `/api/v1/api-keys/personal/${what}`;
    setBusy(what);
    setError(null);
    const result = await apiFetch<KeyResponse>(path, { method: "POST", body: {} });
    setBusy(null);
    if (!result.ok) return setError(result.error.message);
    setRevealed(result.data.key ?? null);
    setCopied(false);
    startTransition(() => router.refresh());
  }

  return (
    <Card title="Your API key">
      <div className="space-y-3 text-sm text-slate-700">
        <p>
          Your own key for this account, whatever your role: it acts as you, with your role (<strong>{role}</strong>) and only your
          rights. Send it in the X-API-KEY header to /api/v1/balance, /api/v1/profile and the other endpoints keys may use. Never
          share it; regenerating it stops the old one at once.
        </p>
        {error ? (
          <p role="alert" className="rounded-md bg-red-50 px-3 py-2 text-red-800">
            {error}
          </p>
        ) : null}
        {revealed ? (
          <div role="status" className="rounded-lg border border-amber-300 bg-amber-50 p-4">
            <p className="font-medium text-amber-900">Copy your key now. It will not be shown again.</p>
            <div className="mt-2 flex flex-wrap items-center gap-2">
              <code data-testid="revealed-personal-key" className="break-all rounded bg-white px-2 py-1 font-mono text-sm text-slate-900">
                {revealed}
              </code>
              <Button variant="secondary" onClick={() => void navigator.clipboard?.writeText(revealed).then(() => setCopied(true))}>
                {copied ? "Copied" : "Copy"}
              </Button>
            </div>
          </div>
        ) : null}
        {personalKey ? (
          <div className="flex flex-wrap items-center justify-between gap-3" data-testid="personal-key">
            <p>
              <span className="font-mono text-xs">{personalKey.prefix}…</span> · created {personalKey.createdAt} · last used{" "}
              {personalKey.lastUsedAt ?? "never"}
            </p>
            <div className="flex gap-2">
              <Button
                variant="secondary"
                disabled={busy !== null}
                onClick={() => {
                  if (!window.confirm("Regenerate your key? The current one stops working at once.")) return;
                  void act("regenerate");
                }}
              >
                {busy === "regenerate" ? "Regenerating…" : "Regenerate my key"}
              </Button>
              <Button
                variant="danger"
                disabled={busy !== null}
                onClick={() => {
                  if (!window.confirm("Revoke your key? It stops working at once.")) return;
                  void act("revoke");
                }}
              >
                {busy === "revoke" ? "Revoking…" : "Revoke my key"}
              </Button>
            </div>
          </div>
        ) : (
          <Button disabled={busy !== null} onClick={() => void act("create")}>
            {busy === "create" ? "Creating…" : "Create my key"}
          </Button>
        )}
      </div>
    </Card>
  );
}
