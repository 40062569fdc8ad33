"use client";

import Link from "next/link";
import { useRouter } from "next/navigation";
import { useState } from "react";
import { apiFetch, type ApiError } from "@/components/api-client";
import type { CheckoutConfig } from "@/components/billing/checkout";
import { openCashfreeCheckout, type CashfreeEnv } from "@/components/cashfree-checkout";
import { Button } from "@/components/ui";
import { changePlanSchema } from "@/lib/subscriptions/schemas";

function ErrorLine({ error }: { error: ApiError | null }) {
  if (!error) return null;
  return (
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
  );
}

/**
 * A plan change on the renewing account: a higher plan is an upgrade now (the server prices the remaining days and
 * answers a checkout session), a lower one is scheduled for the period's end. The server decides and authorises.
 */
export function PlanChangeButton({
  plan,
  planName,
  direction,
  note,
  checkout,
}: {
  plan: string;
  planName: string;
  direction: "upgrade" | "downgrade";
  note: string;
  checkout: CheckoutConfig;
}) {
  const router = useRouter();
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<ApiError | null>(null);

  async function change() {
    const parsed = changePlanSchema.safeParse({ plan });
    if (!parsed.success) return setError({ code: "invalid_request", message: "This plan can't be chosen.", status: 0 });
    if (direction === "downgrade" && !window.confirm(`Switch to ${planName} at the end of this period? The next renewal is charged at the ${planName} price.`)) return;
    setBusy(true);
    setError(null);
    const result = await apiFetch<{ change: string; payment_session_id?: string; env?: CashfreeEnv }>("/api/v1/subscriptions/change", { method: "POST", body: parsed.data });
    if (!result.ok) {
      setBusy(false);
      return setError(result.error);
    }
    if (result.data.change !== "upgrade" || !result.data.payment_session_id || !result.data.env) {
      setBusy(false);
      return router.refresh();
    }
    try {
      await openCashfreeCheckout({ paymentSessionId: result.data.payment_session_id, serverEnv: result.data.env, pageEnv: checkout.pageEnv, emulatorUrl: checkout.emulatorUrl });
    } catch (e) {
      setBusy(false);
      setError({ code: "checkout_unavailable", message: e instanceof Error ? e.message : "Cashfree checkout could not be opened. Try again.", status: 0 });
    }
  }

  return (
    <div>
      <Button
        className="w-full"
        variant={direction === "upgrade" ? "primary" : "secondary"}
        onClick={() => void change()}
        disabled={busy}
        data-testid={`change-plan-${plan}`}
      >
        {busy ? "Working…" : direction === "upgrade" ? `Upgrade to ${planName} now` : `Switch to ${planName} at period end`}
      </Button>
      <p className="mt-1 text-center text-xs text-slate-600">{note}</p>
      <ErrorLine error={error} />
    </div>
  );
}

/** Cancels renewal at the period's end (no further charge), or undoes the change scheduled for it. */
export function ScheduledChangeButton({ action }: { action: "cancel_at_period_end" | "undo" }) {
  const router = useRouter();
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<ApiError | null>(null);

  async function run() {
    if (action === "cancel_at_period_end" && !window.confirm("Stop renewing at the end of this period? No further charge; the plan ends then. You can undo this until then.")) return;
    setBusy(true);
    setError(null);
    const result =
      action === "undo"
        ? await apiFetch("/api/v1/subscriptions/change", { method: "DELETE" })
        : await apiFetch("/api/v1/subscriptions/change", { method: "POST", body: { cancel_at_period_end: true } });
    setBusy(false);
    if (!result.ok) return setError(result.error);
    router.refresh();
  }

  return (
    <div className="mt-2">
      <Button variant="ghost" className="w-full" onClick={() => void run()} disabled={busy} data-testid={action === "undo" ? "undo-scheduled-change" : "cancel-at-period-end"}>
        {busy ? "Working…" : action === "undo" ? "Undo the scheduled change" : "Cancel at period end"}
      </Button>
      <ErrorLine error={error} />
    </div>
  );
}
