"use client";

import { useRouter } from "next/navigation";
import { useState, useTransition } from "react";
import { apiFetch } from "@/components/api-client";
import { Notice } from "@/components/billing/primitives";
import { Button, Field, Input } from "@/components/ui";

/** "2026-12-02" → that IST day's start, and the next day's (the period's end is exclusive). */
const istStart = (date: string) => `${date}T00:00:00+05:30`;
function istEndOf(date: string): string {
  const [y, m, d] = date.split("-").map(Number) as [number, number, number];
  return istStart(new Date(Date.UTC(y, m - 1, d + 1)).toISOString().slice(0, 10));
}

/** The operator's button: reconcile the IST days from–to (inclusive) against Cashfree's settlements, now. */
export function StartRunForm({ defaultDay }: { defaultDay: string }) {
  const router = useRouter();
  const [from, setFrom] = useState(defaultDay);
  const [to, setTo] = useState(defaultDay);
  const [busy, setBusy] = useState(false);
  const [message, setMessage] = useState<{ tone: "success" | "danger"; text: string } | null>(null);
  const [, startTransition] = useTransition();

  async function start() {
    if (!from || !to) return setMessage({ tone: "danger", text: "Choose the first and the last day." });
    setBusy(true);
    setMessage(null);
    const result = await apiFetch<{ run: { id: string } }>("/api/v1/admin/reconciliation/runs", { method: "POST", body: { from: istStart(from), to: istEndOf(to) } });
    setBusy(false);
    if (!result.ok) return setMessage({ tone: "danger", text: result.error.message });
    setMessage({ tone: "success", text: `Run ${result.data.run.id} queued; refresh in a moment for its result.` });
    startTransition(() => router.refresh());
  }

  return (
    <form
      noValidate
      className="flex flex-wrap items-end gap-4"
      onSubmit={(e) => {
        e.preventDefault();
        void start();
      }}
    >
      <Field label="First day (IST)" htmlFor="rr-from">
        <Input id="rr-from" type="date" value={from} onChange={(e) => setFrom(e.target.value)} />
      </Field>
      <Field label="Last day (IST)" htmlFor="rr-to">
        <Input id="rr-to" type="date" value={to} onChange={(e) => setTo(e.target.value)} />
      </Field>
      <Button type="submit" disabled={busy}>
        {busy ? "Starting…" : "Reconcile now"}
      </Button>
      {message ? (
        <div className="w-full">
          <Notice tone={message.tone}>{message.text}</Notice>
        </div>
      ) : null}
    </form>
  );
}
