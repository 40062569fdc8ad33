"use client";

import Link from "next/link";
import { useState } from "react";
import { apiFetch } from "@/components/api-client";
import type { CheckoutConfig } from "@/components/billing/checkout";
import { openCashfreeMandateCheckout } from "@/components/cashfree-checkout";
import { Button } from "@/components/ui";
import { startSubscriptionSchema } from "@/lib/subscriptions/schemas";

/**
 * "Renew automatically": asks the server for a Cashfree Subscriptions mandate on the current plan, then sends the
 * owner to Cashfree's hosted mandate checkout (through the SDK, as payments do) to authorise up to `maxAmount`.
 */
export function RenewButton({ plan, planName, maxAmount, checkout }: { plan: string; planName: string; maxAmount: string; checkout: CheckoutConfig }) {
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<{ code: string; message: string } | null>(null);

  async function renew() {
    const parsed = startSubscriptionSchema.safeParse({ plan });
    if (!parsed.success) return setError({ code: "invalid_request", message: "This plan can't renew automatically." });
    setBusy(true);
    setError(null);
    const started = await apiFetch<{ subscription_session_id: string }>("/api/v1/subscriptions", { method: "POST", body: parsed.data });
    if (!started.ok) {
      setBusy(false);
      return setError(started.error);
    }
    try {
      await openCashfreeMandateCheckout({ subsSessionId: started.data.subscription_session_id, pageEnv: checkout.pageEnv, emulatorUrl: checkout.emulatorUrl });
    } catch (e) {
      setBusy(false);
      setError({ code: "checkout_failed", message: e instanceof Error ? e.message : "Could not open the mandate checkout." });
    }
  }

  return (
    <div className="mt-2">
      <Button variant="secondary" className="w-full" onClick={() => void renew()} disabled={busy} aria-label={`Renew ${planName} automatically, debits up to ${maxAmount} a month`} data-testid="renew-automatically">
        {busy ? "Opening mandate checkout…" : "Renew automatically"}
      </Button>
      <p className="mt-1 text-center text-xs text-slate-600">A mandate for up to {maxAmount} a charge; a notice 48 h before each debit.</p>
      {error ? (
        <p role="alert" className="mt-2 text-sm text-red-800">
          {error.message}
          {error.code === "billing_profile_incomplete" ? (
            <>
              {" "}
              <Link className="font-medium underline" href="/settings/billing-profile?next=/billing/plans">
                Complete billing profile
              </Link>
            </>
          ) : null}
        </p>
      ) : null}
    </div>
  );
}
