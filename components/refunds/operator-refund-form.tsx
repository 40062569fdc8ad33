"use client";

import { useRouter } from "next/navigation";
import { useId, useState, useTransition } from "react";
import { apiFetch } from "@/components/api-client";
import { Notice } from "@/components/billing/primitives";
import { Button, Field, Input } from "@/components/ui";

/** An operator refunds a paid top-up on their own initiative: credits are held at once and Cashfree is asked. */
export function OperatorRefundForm({ initialOrderId = "" }: { initialOrderId?: string }) {
  const router = useRouter();
  const id = useId();
  const [orderId, setOrderId] = useState(initialOrderId);
  const [credits, setCredits] = useState("");
  const [reason, setReason] = useState("");
  const [busy, setBusy] = useState(false);
  const [message, setMessage] = useState<{ tone: "success" | "warning" | "danger"; text: string } | null>(null);
  const [, startTransition] = useTransition();
  return (
    <form
      className="grid max-w-xl gap-3"
      onSubmit={async (e) => {
        e.preventDefault();
        setBusy(true);
        setMessage(null);
        const result = await apiFetch<{ refund_id: string; credit_note_warning: { message: string } | null }>("/api/v1/admin/refunds", {
          method: "POST",
          body: { order_id: orderId.trim(), credits: Number(credits), reason },
          idempotencyKey: crypto.randomUUID(),
        });
        setBusy(false);
        if (!result.ok) return setMessage({ tone: "danger", text: result.error.message });
        const started = `Refund ${result.data.refund_id} started: credits held, Cashfree asked.`;
        const warning = result.data.credit_note_warning;
        setMessage(warning ? { tone: "warning", text: `${started} ${warning.message}` } : { tone: "success", text: started });
        setOrderId("");
        setCredits("");
        setReason("");
        startTransition(() => router.refresh());
      }}
    >
      {message ? (
        <Notice tone={message.tone} title={message.tone === "danger" ? "Not refunded" : "Refund started"}>
          {message.text}
        </Notice>
      ) : null}
      <Field label="Order id" htmlFor={`${id}-order`}>
        <Input id={`${id}-order`} required value={orderId} onChange={(e) => setOrderId(e.target.value)} placeholder="cm_…" />
      </Field>
      <Field label="Credits" htmlFor={`${id}-credits`}>
        <Input id={`${id}-credits`} type="number" min={1} required value={credits} onChange={(e) => setCredits(e.target.value)} />
      </Field>
      <Field label="Reason" htmlFor={`${id}-reason`}>
        <Input id={`${id}-reason`} required maxLength={500} value={reason} onChange={(e) => setReason(e.target.value)} />
      </Field>
      <div>
        <Button type="submit" disabled={busy}>
          {busy ? "Refunding…" : "Refund now"}
        </Button>
      </div>
    </form>
  );
}
