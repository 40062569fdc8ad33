"use client";

import { useRouter } from "next/navigation";
import { useState, useTransition } from "react";
import { apiFetch } from "@/components/api-client";
import { Notice } from "@/components/billing/primitives";
import { Button, Field, Input, Select } from "@/components/ui";

/** The maker's form: propose a grant or a debit of credits for an account; a second operator applies it. */
export function ProposeAdjustmentForm() {
  const router = useRouter();
  const [accountId, setAccountId] = useState("");
  const [direction, setDirection] = useState<"grant" | "debit">("grant");
  const [credits, setCredits] = useState("");
  const [reason, setReason] = useState("");
  const [reference, setReference] = useState("");
  const [busy, setBusy] = useState(false);
  // One key per proposal being entered: a double click proposes it once.
  const [idempotencyKey, setIdempotencyKey] = useState(() => crypto.randomUUID());
  const [message, setMessage] = useState<{ tone: "success" | "danger"; text: string } | null>(null);
  const [, startTransition] = useTransition();

  async function propose() {
    const amount = /^\d{1,8}$/.test(credits.trim()) ? Number(credits.trim()) : null;
    if (amount === null) return setMessage({ tone: "danger", text: "Credits must be a whole number." });
    setBusy(true);
    setMessage(null);
    const body = { account_id: accountId.trim(), direction, credits: amount, reason, ...(reference.trim() ? { reference: reference.trim() } : {}) };
    const result = await apiFetch<{ id: string }>("/api/v1/admin/adjustments", { method: "POST", body, idempotencyKey });
    setBusy(false);
    if (!result.ok) return setMessage({ tone: "danger", text: result.error.message });
    setMessage({ tone: "success", text: `Proposed ${result.data.id}. A second operator must approve it before any credits move.` });
    setIdempotencyKey(crypto.randomUUID());
    setCredits("");
    setReason("");
    setReference("");
    startTransition(() => router.refresh());
  }

  return (
    <form
      className="grid gap-4 sm:grid-cols-2"
      onSubmit={(e) => {
        e.preventDefault();
        void propose();
      }}
    >
      <Field label="Account id" htmlFor="adj-account">
        <Input id="adj-account" name="account_id" placeholder="acc_…" value={accountId} onChange={(e) => setAccountId(e.target.value)} required />
      </Field>
      <Field label="Direction" htmlFor="adj-direction">
        <Select id="adj-direction" name="direction" value={direction} onChange={(e) => setDirection(e.target.value as "grant" | "debit")}>
          <option value="grant">Grant (add credits)</option>
          <option value="debit">Debit (take credits)</option>
        </Select>
      </Field>
      <Field label="Credits" htmlFor="adj-credits" hint="1 credit = ₹1">
        <Input id="adj-credits" name="credits" inputMode="numeric" value={credits} onChange={(e) => setCredits(e.target.value)} required />
      </Field>
      <Field label="Reference" htmlFor="adj-reference" hint="Ticket or order id (optional)">
        <Input id="adj-reference" name="reference" value={reference} onChange={(e) => setReference(e.target.value)} />
      </Field>
      <div className="sm:col-span-2">
        <Field label="Reason" htmlFor="adj-reason">
          <Input id="adj-reason" name="reason" value={reason} onChange={(e) => setReason(e.target.value)} required />
        </Field>
      </div>
      <div className="sm:col-span-2">
        <Button type="submit" disabled={busy}>
          Propose adjustment
        </Button>
      </div>
      {message ? (
        <div className="sm:col-span-2">
          <Notice tone={message.tone}>{message.text}</Notice>
        </div>
      ) : null}
    </form>
  );
}
