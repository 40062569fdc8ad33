"use client";

import Link from "next/link";
import { useRouter } from "next/navigation";
import { useId, useState, useTransition } from "react";
import { apiFetch } from "@/components/api-client";
import { Button, Input } from "@/components/ui";

/**
 * What an operator can do about a flagged order: refund (the operator refund form, order filled in), settle after
 * Khata asks Cashfree (credited only if Cashfree says PAID), or dismiss with a reason. Who and when are recorded.
 */
export function FlaggedOrderActions({ orderId, canSettle }: { orderId: string; canSettle: boolean }) {
  const router = useRouter();
  const id = useId();
  const [reason, setReason] = useState("");
  const [busy, setBusy] = useState<"settle" | "dismiss" | null>(null);
  const [message, setMessage] = useState<{ ok: boolean; text: string } | null>(null);
  const [, startTransition] = useTransition();
  const act = async (action: "settle" | "dismiss") => {
    setBusy(action);
    setMessage(null);
    const result = await apiFetch<{ invoice_number?: string | null }>(`/api/v1/admin/orders/${encodeURIComponent(orderId)}/${action}`, { method: "POST", body: { reason } });
    setBusy(null);
    if (!result.ok) return setMessage({ ok: false, text: result.error.message });
    setMessage({ ok: true, text: action === "settle" ? `Settled${result.data.invoice_number ? `: invoice ${result.data.invoice_number}` : ""}.` : "Dismissed." });
    setReason("");
    startTransition(() => router.refresh());
  };
  return (
    <div className="grid min-w-64 gap-2">
      <Link className="text-sm font-medium text-brand-700 underline" href={`/operator/refunds?order_id=${encodeURIComponent(orderId)}`}>
        Refund…
      </Link>
      <label className="sr-only" htmlFor={`${id}-reason`}>
        Reason for order {orderId}
      </label>
      <Input id={`${id}-reason`} value={reason} maxLength={500} onChange={(e) => setReason(e.target.value)} placeholder="Reason (checked with Cashfree, customer confirmed…)" />
      <div className="flex flex-wrap gap-2">
        {canSettle ? (
          <Button variant="secondary" className="min-h-8 px-3 py-1" disabled={busy !== null || reason.trim().length < 3} onClick={() => act("settle")}>
            {busy === "settle" ? "Asking Cashfree…" : "Settle after checking Cashfree"}
          </Button>
        ) : null}
        <Button variant="ghost" className="min-h-8 px-3 py-1" disabled={busy !== null || reason.trim().length < 3} onClick={() => act("dismiss")}>
          {busy === "dismiss" ? "Dismissing…" : "Dismiss"}
        </Button>
      </div>
      {message ? (
        <span role={message.ok ? "status" : "alert"} className={message.ok ? "text-xs text-green-800" : "text-xs text-red-700"}>
          {message.text}
        </span>
      ) : null}
    </div>
  );
}
