"use client";

import Link from "next/link";
import { useState } from "react";
import { startCheckout, type CheckoutConfig } from "@/components/billing/checkout";
import { Button } from "@/components/ui";
import { createOrderSchema } from "@/lib/orders/schemas";

/** Starts checkout for a plan upgrade; the server decides whether the upgrade is allowed. */
export function UpgradeButton({ plan, planName, price, checkout }: { plan: string; planName: string; price: string; checkout: CheckoutConfig }) {
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<{ code: string; message: string } | null>(null);

  async function upgrade() {
    const parsed = createOrderSchema.safeParse({ type: "plan_upgrade", plan });
    if (!parsed.success) return setError({ code: "invalid_request", message: "This plan can't be bought." });
    setBusy(true);
    setError(null);
    const failure = await startCheckout(parsed.data, checkout);
    if (failure) {
      setError(failure);
      setBusy(false);
    }
  }

  return (
    <div>
      <Button className="w-full" onClick={() => void upgrade()} disabled={busy} aria-label={`Upgrade to ${planName} for ${price} a month`}>
        {busy ? "Opening secure checkout…" : `Upgrade to ${planName}`}
      </Button>
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
