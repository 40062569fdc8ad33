"use client";

import { useRouter } from "next/navigation";
import { useState } from "react";
import { apiFetch } from "@/components/api-client";
import { Button } from "@/components/ui";

/** Cancels automatic renewal (Cashfree's mandate too); the plan runs to its end. */
export function CancelRenewalButton() {
  const router = useRouter();
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);

  async function cancel() {
    if (!window.confirm("Cancel automatic renewal? The mandate is cancelled and the plan ends at the end of this period.")) return;
    setBusy(true);
    setError(null);
    const result = await apiFetch("/api/v1/subscriptions/cancel", { method: "POST", body: {} });
    setBusy(false);
    if (!result.ok) return setError(result.error.message);
    router.refresh();
  }

  return (
    <div className="mt-2">
      <Button variant="ghost" className="w-full" onClick={() => void cancel()} disabled={busy} data-testid="cancel-renewal">
        {busy ? "Cancelling…" : "Cancel automatic renewal"}
      </Button>
      {error ? (
        <p role="alert" className="mt-2 text-sm text-red-800">
          {error}
        </p>
      ) : null}
    </div>
  );
}
