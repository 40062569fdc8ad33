"use client";

import { useState } from "react";
import { retryCheckout, type CheckoutConfig } from "@/components/billing/checkout";
import { Button } from "@/components/ui";

export function RetryPaymentButton({ orderId, checkout, label }: { orderId: string; checkout: CheckoutConfig; label: string }) {
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  return (
    <span className="inline-flex flex-col items-end gap-1">
      <Button
        variant="secondary"
        className="min-h-8 px-3 py-1"
        disabled={busy}
        aria-label={`Retry payment for ${label} (${orderId})`}
        onClick={async () => {
          setBusy(true);
          setError(null);
          const failure = await retryCheckout(orderId, checkout);
          if (failure) {
            setError(failure.message);
            setBusy(false);
          }
        }}
      >
        {busy ? "Opening…" : "Retry"}
      </Button>
      {error ? (
        <span role="alert" className="max-w-56 whitespace-normal text-right text-xs text-red-700">
          {error}
        </span>
      ) : null}
    </span>
  );
}
