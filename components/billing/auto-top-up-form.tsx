"use client";

import { useRouter } from "next/navigation";
import { useId, useState, useTransition } from "react";
import { apiFetch } from "@/components/api-client";
import { Notice } from "@/components/billing/primitives";
import { humanApiMessage } from "@/components/human-error";
import { Button, Field, Input } from "@/components/ui";
import type { AutoTopUpView } from "@/lib/auto-top-up/auto-top-up-view";
import { setAutoTopUpSchema } from "@/lib/auto-top-up/schemas";

const LABELS = { threshold_credits: "Threshold", amount: "Amount", monthly_ceiling: "Monthly ceiling" };
const whole = (s: string) => (/^\d+$/.test(s.trim().replaceAll(",", "")) ? Number(s.trim().replaceAll(",", "")) : Number.NaN);
const rupees = (n: number) => `₹${n.toLocaleString("en-IN")}`;

/**
 * Owners and admins switch auto top-up on or off (PUT /api/v1/auto-top-up): when usage takes the balance below the
 * threshold, one charge of the amount is raised on the renewal mandate, at most the ceiling per IST month.
 */
export function AutoTopUpForm({ state }: { state: AutoTopUpView }) {
  const router = useRouter();
  const id = useId();
  const [enabled, setEnabled] = useState(state.enabled);
  const [threshold, setThreshold] = useState(String(state.threshold_credits ?? 500));
  const [amount, setAmount] = useState(String(state.amount ?? 1000));
  const [ceiling, setCeiling] = useState(String(state.monthly_ceiling ?? 5000));
  const [busy, setBusy] = useState(false);
  const [message, setMessage] = useState<{ tone: "success" | "danger"; text: string } | null>(null);
  const [, startTransition] = useTransition();

  async function save() {
    setMessage(null);
    const parsed = setAutoTopUpSchema.safeParse({ enabled, threshold_credits: whole(threshold), amount: whole(amount), monthly_ceiling: whole(ceiling) });
    if (!parsed.success) return setMessage({ tone: "danger", text: parsed.error.issues[0]?.message ?? "Check the amounts." });
    setBusy(true);
    const result = await apiFetch<AutoTopUpView>("/api/v1/auto-top-up", { method: "PUT", body: parsed.data });
    setBusy(false);
    if (!result.ok) return setMessage({ tone: "danger", text: humanApiMessage(result.error, LABELS) });
    setMessage({
      tone: "success",
      text: parsed.data.enabled
        ? `Auto top-up is on: ${rupees(parsed.data.amount)} when the balance falls below ${parsed.data.threshold_credits.toLocaleString("en-IN")} credits.`
        : "Auto top-up is off.",
    });
    startTransition(() => router.refresh());
  }

  return (
    <form
      noValidate
      className="space-y-4"
      data-testid="auto-top-up-form"
      onSubmit={(e) => {
        e.preventDefault();
        void save();
      }}
    >
      <div className="flex items-center gap-3">
        <input
          id={`${id}-enabled`}
          type="checkbox"
          className="h-4 w-4 accent-brand-600"
          checked={enabled}
          onChange={(e) => {
            setEnabled(e.target.checked);
            setMessage(null);
          }}
        />
        <label htmlFor={`${id}-enabled`} className="text-sm font-medium text-slate-900">
          Top up automatically from my mandate
        </label>
      </div>
      <div className="grid gap-4 md:grid-cols-3">
        <Field label="When the balance falls below (credits)" htmlFor={`${id}-threshold`}>
          <Input id={`${id}-threshold`} inputMode="numeric" className="tabular-nums" value={threshold} onChange={(e) => setThreshold(e.target.value)} />
        </Field>
        <Field label="Top up (₹, 1 credit = ₹1)" htmlFor={`${id}-amount`} hint={state.mandate.max_amount !== null ? `Up to ${rupees(state.mandate.max_amount)} per charge (your mandate).` : undefined}>
          <Input id={`${id}-amount`} inputMode="numeric" className="tabular-nums" value={amount} onChange={(e) => setAmount(e.target.value)} />
        </Field>
        <Field label="At most per month (₹)" htmlFor={`${id}-ceiling`} hint={`${rupees(state.month_charged)} charged this month.`}>
          <Input id={`${id}-ceiling`} inputMode="numeric" className="tabular-nums" value={ceiling} onChange={(e) => setCeiling(e.target.value)} />
        </Field>
      </div>
      {state.enabled && !state.mandate.active ? (
        <Notice tone="warning" testId="auto-top-up-no-mandate" title="No active mandate">
          Auto top-up is on, but nothing can be charged until automatic renewal is set up again.
        </Notice>
      ) : null}
      <Button type="submit" disabled={busy} data-testid="auto-top-up-save">
        {busy ? "Saving…" : "Save auto top-up"}
      </Button>
      {message ? <Notice tone={message.tone}>{message.text}</Notice> : null}
      {state.last_charge ? (
        <p className="text-sm text-slate-700" data-testid="auto-top-up-last">
          Last auto top-up: {rupees(state.last_charge.amount)},{" "}
          {state.last_charge.status === "succeeded" ? "paid" : state.last_charge.status === "pending" ? "pending" : `declined${state.last_charge.failure_reason ? ` (${state.last_charge.failure_reason})` : ""}`}
        </p>
      ) : null}
    </form>
  );
}
