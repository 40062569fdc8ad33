"use client";

import { useRouter } from "next/navigation";
import { useId, useState, useTransition } from "react";
import { apiFetch } from "@/components/api-client";
import { Notice } from "@/components/billing/primitives";
import { Button, Field, Input } from "@/components/ui";
import { setBudgetSchema } from "@/lib/budget/budget-schema";
import { formatCredits } from "@/lib/money/format-inr";

/** Owners and admins set or clear the monthly cap (PUT /api/v1/credits/budget). */
export function BudgetForm({ currentLimit }: { currentLimit: string | null }) {
  const router = useRouter();
  const id = useId();
  const [value, setValue] = useState(currentLimit ?? "");
  const [busy, setBusy] = useState<"save" | "clear" | null>(null);
  const [fieldError, setFieldError] = useState<string | null>(null);
  const [message, setMessage] = useState<{ tone: "success" | "danger"; text: string } | null>(null);
  const [, startTransition] = useTransition();

  async function submit(limit: number | null, kind: "save" | "clear") {
    const parsed = setBudgetSchema.safeParse({ monthly_limit: limit });
    if (!parsed.success) return setFieldError(parsed.error.issues[0]?.message ?? "Enter a whole number of credits.");
    setFieldError(null);
    setMessage(null);
    setBusy(kind);
    const result = await apiFetch<{ monthly_limit: number | null }>("/api/v1/credits/budget", { method: "PUT", body: parsed.data });
    setBusy(null);
    if (!result.ok) {
      if (result.error.details?.field === "monthly_limit" || result.error.code === "invalid_request") setFieldError(result.error.message);
      else setMessage({ tone: "danger", text: result.error.message });
      return;
    }
    if (parsed.data.monthly_limit === null) setValue("");
    setMessage({
      tone: "success",
      text:
        parsed.data.monthly_limit === null
          ? "Monthly cap removed. Usage is limited only by your balance."
          : `Monthly cap set to ${formatCredits(BigInt(parsed.data.monthly_limit))} credits.`,
    });
    startTransition(() => router.refresh());
  }

  return (
    <form
      noValidate
      className="space-y-4"
      onSubmit={(e) => {
        e.preventDefault();
        const raw = value.trim().replaceAll(",", "");
        if (raw === "") return setFieldError("Enter a cap in credits, or remove the cap.");
        void submit(/^\d+$/.test(raw) ? Number(raw) : Number.NaN, "save");
      }}
    >
      <Field label="Monthly cap (credits)" htmlFor={id} error={fieldError} hint="Usage over the cap is refused with budget_exceeded until the next IST month. 1 credit = ₹1.">
        <Input
          id={id}
          inputMode="numeric"
          autoComplete="off"
          className="max-w-xs tabular-nums"
          placeholder="e.g. 10000"
          value={value}
          aria-invalid={fieldError ? true : undefined}
          aria-describedby={fieldError ? `${id}-error` : undefined}
          onChange={(e) => setValue(e.target.value)}
        />
      </Field>
      <div className="flex flex-wrap gap-2">
        <Button type="submit" disabled={busy !== null}>
          {busy === "save" ? "Saving…" : "Save cap"}
        </Button>
        {currentLimit !== null ? (
          <Button type="button" variant="secondary" disabled={busy !== null} onClick={() => void submit(null, "clear")}>
            {busy === "clear" ? "Removing…" : "Remove cap"}
          </Button>
        ) : null}
      </div>
      {message ? <Notice tone={message.tone}>{message.text}</Notice> : null}
    </form>
  );
}
