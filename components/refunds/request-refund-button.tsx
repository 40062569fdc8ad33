"use client";

import { useRouter } from "next/navigation";
import { useId, useState, useTransition } from "react";
import { apiFetch } from "@/components/api-client";
import { Button, Field, Input } from "@/components/ui";

/**
 * "Request refund" on a paid top-up (owners/admins): credits (at most what is refundable now) and a reason. The
 * server decides; its answer (e.g. "At most 200 credits…") is shown as it is.
 */
export function RequestRefundButton({ orderId, refundableCredits }: { orderId: string; refundableCredits: string }) {
  const router = useRouter();
  const id = useId();
  const [open, setOpen] = useState(false);
  const [credits, setCredits] = useState(refundableCredits);
  const [reason, setReason] = useState("");
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const [done, setDone] = useState(false);
  const [, startTransition] = useTransition();
  const [idempotencyKey] = useState(() => crypto.randomUUID());

  if (refundableCredits === "0") return <span className="text-xs text-slate-500">Nothing refundable</span>;
  if (done) return <span className="text-xs text-slate-600">Refund requested</span>;
  if (!open) {
    return (
      <Button variant="secondary" className="min-h-8 px-3 py-1" onClick={() => setOpen(true)} aria-label={`Request refund of order ${orderId}`}>
        Request refund
      </Button>
    );
  }
  return (
    <form
      className="flex max-w-72 flex-col gap-2 text-left whitespace-normal"
      onSubmit={async (e) => {
        e.preventDefault();
        setBusy(true);
        setError(null);
        const result = await apiFetch("/api/v1/refunds", { method: "POST", body: { order_id: orderId, credits: Number(credits), reason }, idempotencyKey });
        setBusy(false);
        if (!result.ok) return setError(result.error.message);
        setDone(true);
        startTransition(() => router.refresh());
      }}
    >
      <Field label="Credits to refund" htmlFor={`${id}-credits`} hint={`Up to ${refundableCredits} credits can be refunded.`}>
        <Input id={`${id}-credits`} type="number" min={1} max={refundableCredits} required value={credits} onChange={(e) => setCredits(e.target.value)} />
      </Field>
      <Field label="Reason" htmlFor={`${id}-reason`} error={error}>
        <Input id={`${id}-reason`} required maxLength={500} value={reason} onChange={(e) => setReason(e.target.value)} />
      </Field>
      <div className="flex gap-2">
        <Button type="submit" disabled={busy} className="min-h-8 px-3 py-1">
          {busy ? "Sending…" : "Ask for refund"}
        </Button>
        <Button type="button" variant="secondary" className="min-h-8 px-3 py-1" onClick={() => setOpen(false)}>
          Cancel
        </Button>
      </div>
    </form>
  );
}
