"use client";

import { useRouter } from "next/navigation";
import { useState, useTransition } from "react";
import { apiFetch } from "@/components/api-client";
import { Notice } from "@/components/billing/primitives";
import { humanApiMessage } from "@/components/human-error";
import { Button, Field, Input } from "@/components/ui";
import { createCouponSchema } from "@/lib/coupons/coupon-schema";

type FieldName = "code" | "credits" | "valid_until" | "max_redemptions";

const LABELS: Record<FieldName, string> = { code: "Code", credits: "Credits", valid_until: "Valid until", max_redemptions: "Maximum redemptions" };
const human = (message: string, code = "invalid_request") => humanApiMessage({ code, message }, LABELS);

/** "2026-12-31" → the instant that day ends in IST (the next day's 00:00 +05:30), as valid_until is exclusive. */
function endOfIstDay(date: string): string {
  const [y, m, d] = date.split("-").map(Number) as [number, number, number];
  const next = new Date(Date.UTC(y, m - 1, d + 1));
  const iso = next.toISOString().slice(0, 10);
  return `${iso}T00:00:00+05:30`;
}

const key = () => (typeof crypto !== "undefined" && "randomUUID" in crypto ? crypto.randomUUID() : String(Date.now()));

export function CreateCouponForm() {
  const router = useRouter();
  const [values, setValues] = useState({ code: "", credits: "", valid_until: "", max_redemptions: "" });
  const [errors, setErrors] = useState<Partial<Record<FieldName, string>>>({});
  const [busy, setBusy] = useState(false);
  const [message, setMessage] = useState<{ tone: "success" | "danger"; text: string } | null>(null);
  const [, startTransition] = useTransition();
  const set = (k: FieldName, v: string) => setValues((s) => ({ ...s, [k]: v }));

  async function create() {
    const input = {
      code: values.code,
      credits: /^\d+$/.test(values.credits.trim()) ? Number(values.credits.trim()) : Number.NaN,
      valid_until: values.valid_until ? endOfIstDay(values.valid_until) : null,
      max_redemptions: values.max_redemptions.trim() === "" ? null : /^\d+$/.test(values.max_redemptions.trim()) ? Number(values.max_redemptions.trim()) : Number.NaN,
    };
    const parsed = createCouponSchema.safeParse(input);
    if (!parsed.success) {
      const found: Partial<Record<FieldName, string>> = {};
      for (const issue of parsed.error.issues) {
        const k = issue.path[0] as FieldName | undefined;
        if (k && !found[k]) found[k] = human(issue.message);
      }
      setMessage(null); // no stale "created" under new errors
      return setErrors(found);
    }
    setErrors({});
    setMessage(null);
    setBusy(true);
    const result = await apiFetch<{ code: string }>("/api/v1/admin/coupons", { method: "POST", body: input, idempotencyKey: key() });
    setBusy(false);
    if (!result.ok) {
      const field = result.error.details?.field;
      const text = human(result.error.message, result.error.code);
      if (typeof field === "string") setErrors({ [field as FieldName]: text });
      return setMessage({ tone: "danger", text });
    }
    setMessage({ tone: "success", text: `Coupon ${result.data.code} created.` });
    setValues({ code: "", credits: "", valid_until: "", max_redemptions: "" });
    startTransition(() => router.refresh());
  }

  return (
    <form
      noValidate
      className="space-y-4"
      onSubmit={(e) => {
        e.preventDefault();
        void create();
      }}
    >
      <div className="grid gap-4 sm:grid-cols-2 lg:grid-cols-4">
        <Field label="Code" htmlFor="c-code" error={errors.code} hint="3–32 of A–Z, 0–9, - and _">
          <Input id="c-code" className="font-mono uppercase" autoComplete="off" value={values.code} onChange={(e) => set("code", e.target.value.toUpperCase())} />
        </Field>
        <Field label="Credits" htmlFor="c-credits" error={errors.credits} hint="Granted per redemption (1 credit = ₹1)">
          <Input id="c-credits" inputMode="numeric" value={values.credits} onChange={(e) => set("credits", e.target.value)} />
        </Field>
        <Field label="Valid until (optional)" htmlFor="c-until" error={errors.valid_until} hint="Through the end of this day, IST">
          <Input id="c-until" type="date" value={values.valid_until} onChange={(e) => set("valid_until", e.target.value)} />
        </Field>
        <Field label="Max redemptions (optional)" htmlFor="c-max" error={errors.max_redemptions} hint="Across all accounts; once per account">
          <Input id="c-max" inputMode="numeric" value={values.max_redemptions} onChange={(e) => set("max_redemptions", e.target.value)} />
        </Field>
      </div>
      <Button type="submit" disabled={busy}>
        {busy ? "Creating…" : "Create coupon"}
      </Button>
      {message ? <Notice tone={message.tone}>{message.text}</Notice> : null}
    </form>
  );
}

export function DisableCouponButton({ couponId, code }: { couponId: string; code: string }) {
  const router = useRouter();
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const [, startTransition] = useTransition();
  return (
    <span className="inline-flex flex-col items-end gap-1">
      <Button
        variant="danger"
        className="min-h-8 px-3 py-1"
        disabled={busy}
        aria-label={`Disable coupon ${code}`}
        onClick={async () => {
          if (!window.confirm(`Disable ${code} for good? Past redemptions keep their credits.`)) return;
          setBusy(true);
          setError(null);
          const result = await apiFetch(`/api/v1/admin/coupons/${encodeURIComponent(couponId)}/disable`, { method: "POST", idempotencyKey: key() });
          setBusy(false);
          if (!result.ok) return setError(result.error.message);
          startTransition(() => router.refresh());
        }}
      >
        {busy ? "Disabling…" : "Disable"}
      </Button>
      {error ? (
        <span role="alert" className="text-xs text-red-700">
          {error}
        </span>
      ) : null}
    </span>
  );
}
