"use client";

import { useRouter } from "next/navigation";
import { useId, useState, useTransition } from "react";
import { apiFetch, type ApiError } from "@/components/api-client";
import { Notice } from "@/components/billing/primitives";
import { Button, Field, Input } from "@/components/ui";
import { redeemCouponSchema } from "@/lib/coupons/coupon-schema";
import { formatCredits } from "@/lib/money/format-inr";

interface Redeemed {
  code: string;
  credits_granted: number | string;
  balance: number | string;
}

/** One clear sentence per refusal, naming the code the person typed. */
function couponMessage(error: ApiError, code: string): { title: string; text: string } {
  switch (error.code) {
    case "coupon_not_found":
      return { title: "Code not found", text: `There's no coupon ${code}. Check the spelling: codes use letters, digits, - and _.` };
    case "coupon_expired":
      return error.details?.reason === "not_yet_valid"
        ? { title: "Not valid yet", text: `${code} can't be redeemed yet. Try again once the offer starts.` }
        : { title: "Coupon expired", text: `${code} has expired and can no longer be redeemed.` };
    case "coupon_exhausted":
      return { title: "Coupon fully used", text: `${code} has reached its redemption limit: every available use has been claimed.` };
    case "coupon_already_redeemed":
      return { title: "Already redeemed", text: `This account has already redeemed ${code}. Each coupon works once per account.` };
    case "coupon_disabled":
      return { title: "Coupon withdrawn", text: `${code} has been withdrawn and can no longer be redeemed.` };
    default:
      return { title: "Couldn't redeem the coupon", text: error.message };
  }
}

export function CouponRedeemForm() {
  const router = useRouter();
  const id = useId();
  const [code, setCode] = useState("");
  const [busy, setBusy] = useState(false);
  const [fieldError, setFieldError] = useState<string | null>(null);
  const [result, setResult] = useState<{ tone: "success" | "danger"; title: string; text: string } | null>(null);
  const [, startTransition] = useTransition();

  async function redeem() {
    const parsed = redeemCouponSchema.safeParse({ code });
    if (!parsed.success) return setFieldError(parsed.error.issues[0]?.message ?? "Enter a coupon code.");
    setFieldError(null);
    setResult(null);
    setBusy(true);
    const shown = parsed.data.code.toUpperCase();
    const response = await apiFetch<Redeemed>("/api/v1/coupons/redeem", { method: "POST", body: parsed.data });
    setBusy(false);
    if (!response.ok) return setResult({ tone: "danger", ...couponMessage(response.error, shown) });
    setResult({
      tone: "success",
      title: "Coupon applied",
      text: `${response.data.code}: ${formatCredits(BigInt(response.data.credits_granted))} credits added. Your balance is now ${formatCredits(BigInt(response.data.balance))} credits.`,
    });
    setCode("");
    startTransition(() => router.refresh());
  }

  return (
    <form
      noValidate
      className="space-y-4"
      onSubmit={(e) => {
        e.preventDefault();
        void redeem();
      }}
    >
      <div className="flex flex-col gap-3 sm:flex-row sm:items-start">
        <div className="sm:w-80">
          <Field label="Coupon code" htmlFor={id} error={fieldError}>
            <Input
              id={id}
              name="code"
              autoComplete="off"
              autoCapitalize="characters"
              spellCheck={false}
              className="font-mono uppercase tracking-wide"
              placeholder="WELCOME500"
              value={code}
              aria-invalid={fieldError ? true : undefined}
              aria-describedby={fieldError ? `${id}-error` : undefined}
              onChange={(e) => setCode(e.target.value)}
            />
          </Field>
        </div>
        <Button type="submit" className="sm:mt-6" disabled={busy}>
          {busy ? "Redeeming…" : "Redeem"}
        </Button>
      </div>
      <div aria-live="polite">
        {result ? (
          <Notice tone={result.tone} title={result.title} testId="coupon-result">
            {result.text}
          </Notice>
        ) : null}
      </div>
    </form>
  );
}
