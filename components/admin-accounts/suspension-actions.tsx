"use client";

import { useRouter } from "next/navigation";
import { useId, useState, useTransition } from "react";
import { apiFetch } from "@/components/api-client";
import { Button, Input } from "@/components/ui";

/** Suspend an account with a reason (shown to its owner), or lift the suspension; who and when are recorded. */
export function SuspensionActions({ accountId, suspended }: { accountId: string; suspended: boolean }) {
  const router = useRouter();
  const id = useId();
  const [text, setText] = useState("");
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const [, startTransition] = useTransition();
  const act = async () => {
    setBusy(true);
    setError(null);
    const path = `/api/v1/admin/accounts/${encodeURIComponent(accountId)}/${suspended ? "unsuspend" : "suspend"}`;
    const result = await apiFetch(path, { method: "POST", body: suspended ? (text.trim() ? { note: text } : {}) : { reason: text } });
    setBusy(false);
    if (!result.ok) return setError(result.error.message);
    setText("");
    startTransition(() => router.refresh());
  };
  return (
    <div className="mt-3 grid gap-2">
      <label className="text-sm text-slate-700" htmlFor={`${id}-text`}>
        {suspended ? "Note (optional)" : "Reason (shown to the owner)"}
      </label>
      <Input id={`${id}-text`} value={text} maxLength={500} onChange={(e) => setText(e.target.value)} />
      <div>
        <Button variant={suspended ? "secondary" : "danger"} disabled={busy || (!suspended && text.trim().length < 3)} onClick={act}>
          {busy ? "Saving…" : suspended ? "Lift suspension" : "Suspend account"}
        </Button>
      </div>
      {error ? (
        <span role="alert" className="text-xs text-red-700">
          {error}
        </span>
      ) : null}
    </div>
  );
}
