"use client";

import { useRouter } from "next/navigation";
import { useId, useState, useTransition } from "react";
import { apiFetch } from "@/components/api-client";
import { Notice } from "@/components/billing/primitives";
import { humanApiMessage } from "@/components/human-error";
import { Button, Field, Input } from "@/components/ui";
import { setBudgetSchema } from "@/lib/budget/budget-schema";
import { formatCredits } from "@/lib/money/format-inr";

const LIMIT_HINT = "Enter the cap as a whole number of credits, like 10000, or remove the cap.";

/**
 * Owners and admins set or clear the monthly cap (PUT /api/v1/credits/budget). A cap at or below what is already
 * used this month is said before saving: every further call would be refused until the month ends.
 */
export function BudgetForm({ currentLimit, usedThisMonth, resetsOn }: { currentLimit: string | null; usedThisMonth: string; resetsOn: string }) {
  const router = useRouter();
  const id = useId();
  const [value, setValue] = useState(currentLimit ?? "");
  const [busy, setBusy] = useState<"save" | "clear" | null>(null);
  const [fieldError, setFieldError] = useState<string | null>(null);
  const [message, setMessage] = useState<{ tone: "success" | "danger"; text: string } | null>(null);
  const [, startTransition] = useTransition();

  const typed = value.trim().replaceAll(",", "");
  const used = BigInt(usedThisMonth);
  const refusesAll = /^\d+$/.test(typed) && BigInt(typed) <= used && used > 0n;

  async function submit(limit: number | null, kind: "save" | "clear") {
    setMessage(null); // a success from before never stays under a new error
    const parsed = setBudgetSchema.safeParse({ monthly_limit: limit });
    if (!parsed.success) return setFieldError(LIMIT_HINT);
    setFieldError(null);
    setBusy(kind);
    const result = await apiFetch<{ monthly_limit: number | null }>("/api/v1/credits/budget", { method: "PUT", body: parsed.data });
    setBusy(null);
    if (!result.ok) {
      const text = humanApiMessage(result.error, { monthly_limit: "Monthly cap" });
      if (result.error.details?.field === "monthly_limit" || result.error.code === "invalid_request") setFieldError(text);
      else setMessage({ tone: "danger", text });
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
        if (raw === "") {
          setMessage(null);
          return setFieldError("Enter a cap in credits, or remove the cap.");
        }
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
          onChange={(e) => {
            setValue(e.target.value);
            setMessage(null);
          }}
        />
      </Field>
      {refusesAll ? (
        <Notice tone="warning" testId="budget-below-used" title="This cap is already used up">
          {formatCredits(used)} already used this month: all usage will be refused until {resetsOn}.
        </Notice>
      ) : null}
      <div className="flex flex-wrap gap-2">
        <Button type="submit" disabled={busy !== null}>
          {busy === "save" ? "Saving…" : refusesAll ? "Save and refuse usage" : "Save cap"}
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
