"use client";

import clsx from "clsx";
import Link from "next/link";
import { useId, useMemo, useState } from "react";
import { OrderPay } from "@/components/billing/order-pay";
import { Notice } from "@/components/billing/primitives";
import { startCheckout, type CheckoutConfig } from "@/components/billing/checkout";
import { Button, Card, Field, Input } from "@/components/ui";
import { splitGstInclusive } from "@/lib/gst/split-inclusive";
import { formatCredits, formatInr } from "@/lib/money/format-inr";
import { createOrderSchema, MAX_TOPUP_CREDITS } from "@/lib/orders/schemas";

const PRESETS = [500, 1000, 5000, 10000] as const;

export interface TopUpFormProps {
  checkout: CheckoutConfig;
  supplierStateCode: string;
  /** The billing profile's state (place of supply), or null when there is no complete profile. */
  placeOfSupply: { code: string; name: string } | null;
  profileComplete: boolean;
  balanceCredits: string;
}

export function TopUpForm({ checkout, supplierStateCode, placeOfSupply, profileComplete, balanceCredits }: TopUpFormProps) {
  const [preset, setPreset] = useState<number | "custom">(5000);
  const [custom, setCustom] = useState("");
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<{ code: string; message: string } | null>(null);
  const customId = useId();

  const raw = preset === "custom" ? custom.trim().replaceAll(",", "") : String(preset);
  const credits = /^\d+$/.test(raw) ? Number(raw) : Number.NaN;
  const parsed = createOrderSchema.safeParse({ type: "credit_topup", credits });
  const customError =
    preset !== "custom" || custom.trim() === ""
      ? null
      : parsed.success
        ? null
        : /^\d+$/.test(raw)
          ? `Enter a whole number of credits from 1 to ${formatCredits(BigInt(MAX_TOPUP_CREDITS))}.`
          : "Enter a whole number of credits, without decimals.";

  const split = useMemo(() => {
    if (!parsed.success || !placeOfSupply) return null;
    return splitGstInclusive({ totalPaise: BigInt(credits) * 100n, supplierStateCode, placeOfSupplyStateCode: placeOfSupply.code });
  }, [parsed.success, credits, placeOfSupply, supplierStateCode]);

  async function pay() {
    if (!parsed.success) return;
    setBusy(true);
    setError(null);
    const failure = await startCheckout({ type: "credit_topup", credits }, checkout);
    if (failure) {
      setError(failure);
      setBusy(false);
    }
    // On success the browser is on its way to Cashfree: keep the button disabled.
  }

  const totalLabel = parsed.success ? formatInr(BigInt(credits) * 100n) : "—";

  return (
    <div className="grid gap-6 lg:grid-cols-[minmax(0,1fr)_22rem]">
      <Card title="Choose an amount">
        <fieldset>
          <legend className="sr-only">Top-up amount</legend>
          <div className="grid grid-cols-2 gap-3 sm:grid-cols-4">
            {PRESETS.map((amount) => (
              <label
                key={amount}
                className={clsx(
                  "flex cursor-pointer flex-col rounded-lg border p-3 text-left transition has-[:focus-visible]:outline-2 has-[:focus-visible]:outline-offset-2 has-[:focus-visible]:outline-brand-600",
                  preset === amount ? "border-brand-600 bg-brand-50 ring-1 ring-brand-600" : "border-slate-300 bg-white hover:border-slate-400",
                )}
              >
                <input
                  type="radio"
                  name="amount"
                  value={amount}
                  className="sr-only"
                  checked={preset === amount}
                  onChange={() => setPreset(amount)}
                />
                <span className="text-lg font-semibold tabular-nums text-slate-900">{formatInr(BigInt(amount) * 100n).replace(".00", "")}</span>
                <span className="text-xs text-slate-600">{formatCredits(BigInt(amount))} credits</span>
              </label>
            ))}
          </div>
          <label
            className={clsx(
              "mt-3 flex cursor-pointer items-center gap-3 rounded-lg border p-3 has-[:focus-visible]:outline-2 has-[:focus-visible]:outline-offset-2 has-[:focus-visible]:outline-brand-600",
              preset === "custom" ? "border-brand-600 bg-brand-50 ring-1 ring-brand-600" : "border-slate-300 bg-white hover:border-slate-400",
            )}
          >
            <input type="radio" name="amount" value="custom" className="sr-only" checked={preset === "custom"} onChange={() => setPreset("custom")} />
            <span className="text-sm font-medium text-slate-900">Custom amount</span>
            <span className="text-xs text-slate-600">₹1 to ₹1,00,000</span>
          </label>
        </fieldset>
        <div className={clsx("mt-4", preset === "custom" ? "block" : "hidden")}>
          <Field label="Credits to buy" htmlFor={customId} error={customError} hint="1 credit = ₹1, GST included.">
            <div className="relative max-w-xs">
              <span className="pointer-events-none absolute inset-y-0 left-3 flex items-center text-sm text-slate-600">₹</span>
              <Input
                id={customId}
                inputMode="numeric"
                autoComplete="off"
                className="pl-7 tabular-nums"
                placeholder="2500"
                value={custom}
                aria-invalid={customError ? true : undefined}
                aria-describedby={customError ? `${customId}-error` : undefined}
                onChange={(e) => setCustom(e.target.value)}
              />
            </div>
          </Field>
        </div>
        <p className="mt-5 text-sm text-slate-600">
          Current balance: <span className="font-medium text-slate-900 tabular-nums">{balanceCredits} credits</span>. Credits never expire and stay
          with you when a plan ends.
        </p>
      </Card>

      <Card title="Summary" className="lg:sticky lg:top-4 lg:self-start">
        <dl className="space-y-2 text-sm" aria-live="polite" data-testid="topup-breakdown">
          <Row label="Credits" value={parsed.success ? formatCredits(BigInt(credits)) : "—"} />
          <Row label="Taxable value" value={split ? formatInr(split.taxablePaise) : "—"} />
          {split?.kind === "intra" ? (
            <>
              <Row label="CGST @ 9%" value={formatInr(split.cgstPaise)} />
              <Row label="SGST @ 9%" value={formatInr(split.sgstPaise)} />
            </>
          ) : (
            <Row label="IGST @ 18%" value={split ? formatInr(split.igstPaise) : "—"} />
          )}
          {split && split.roundOffPaise !== 0n ? <Row label="Round off" value={formatInr(split.roundOffPaise)} /> : null}
          <div className="flex items-baseline justify-between border-t border-slate-200 pt-3 text-base font-semibold">
            <dt>Total payable</dt>
            <dd className="tabular-nums" data-testid="topup-total">
              {totalLabel}
            </dd>
          </div>
        </dl>
        <p className="mt-2 text-xs text-slate-600">
          Prices include 18% GST.{" "}
          {placeOfSupply ? `Place of supply: ${placeOfSupply.name} (${placeOfSupply.code}).` : "Place of supply comes from your billing profile."} A GST tax
          invoice is issued when the payment succeeds.
        </p>
        {!profileComplete ? (
          <Notice tone="warning" className="mt-4" title="Billing profile needed">
            GST invoices need your legal name, address and state.{" "}
            <Link href="/settings/billing-profile?next=/billing/top-up" className="font-medium underline">
              Complete your billing profile
            </Link>
            .
          </Notice>
        ) : null}
        {error ? (
          <Notice tone="danger" className="mt-4" testId="topup-error">
            {error.message}
            {error.code === "billing_profile_incomplete" ? (
              <>
                {" "}
                <Link href="/settings/billing-profile?next=/billing/top-up" className="font-medium underline">
                  Open billing profile
                </Link>
              </>
            ) : null}
          </Notice>
        ) : null}
        <Button className="mt-4 w-full" disabled={!parsed.success || !profileComplete || busy} onClick={() => void pay()} aria-busy={busy || undefined}>
          {busy ? "Opening secure checkout…" : parsed.success ? `Pay ${totalLabel}` : "Pay"}
        </Button>
        <p className="mt-3 text-center text-xs text-slate-600">Secure payment by Cashfree · UPI, cards, netbanking</p>
        <OrderPay purchase={parsed.success ? { type: "credit_topup", credits } : null} disabled={!profileComplete} onFallback={() => void pay()} />
      </Card>
    </div>
  );
}

function Row({ label, value }: { label: string; value: string }) {
  return (
    <div className="flex items-baseline justify-between gap-4">
      <dt className="text-slate-600">{label}</dt>
      <dd className="tabular-nums text-slate-900">{value}</dd>
    </div>
  );
}
