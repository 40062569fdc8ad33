"use client";

import Link from "next/link";
import { useEffect, useState } from "react";
import { apiFetch } from "@/components/api-client";
import { retryCheckout, type CheckoutConfig } from "@/components/billing/checkout";
import { humanApiMessage } from "@/components/human-error";
import { Button } from "@/components/ui";
import { formatInr } from "@/lib/money/format-inr";

/** The order as POST /api/v1/payments/verify answers it. */
export interface VerifiedOrder {
  order_id: string;
  type: "credit_topup" | "plan_upgrade";
  plan: string | null;
  credits: number | string;
  amount: number;
  amount_paise: number | string;
  status: "pending" | "paid" | "failed" | "user_dropped" | "expired" | "cancelled";
  paid_at: string | null;
  invoice_number: string | null;
  replaced_by_order_id: string | null;
}

/** Re-check delays while Cashfree reports the payment as pending: about two minutes in all. */
const DELAYS_MS = [2000, 2000, 3000, 3000, 5000, 5000, 8000, 10000, 15000, 15000, 20000, 30000];

const grouping = new Intl.NumberFormat("en-IN");

type View =
  | { kind: "checking" }
  | { kind: "order"; order: VerifiedOrder }
  | { kind: "error"; message: string; retryable: boolean }
  /** No such order in this account: nothing to check again. */
  | { kind: "unknown" };

export function PaymentReturn({ orderId, checkout, canPay }: { orderId: string; checkout: CheckoutConfig; canPay: boolean }) {
  const [view, setView] = useState<View>({ kind: "checking" });
  const [attempt, setAttempt] = useState(0);
  const [nextCheckAt, setNextCheckAt] = useState<number | null>(null);
  const [now, setNow] = useState(() => Date.now());
  const [checking, setChecking] = useState(false);
  const [retrying, setRetrying] = useState(false);
  const [retryError, setRetryError] = useState<string | null>(null);
  const [round, setRound] = useState(0);

  // One verify call per round; while the server says "pending" (or cannot be reached), the next round is scheduled.
  useEffect(() => {
    let cancelled = false;
    let timer: ReturnType<typeof setTimeout> | undefined;
    void (async () => {
      setChecking(true);
      setNextCheckAt(null);
      const result = await apiFetch<VerifiedOrder>("/api/v1/payments/verify", { method: "POST", body: { order_id: orderId } });
      if (cancelled) return;
      setChecking(false);
      setAttempt(round + 1);
      let again = false;
      if (!result.ok && result.error.status === 404) {
        setView({ kind: "unknown" });
      } else if (!result.ok) {
        const transient = result.error.status === 0 || result.error.status >= 500;
        setView({ kind: "error", message: result.error.message, retryable: transient });
        again = transient;
      } else {
        setView({ kind: "order", order: result.data });
        again = result.data.status === "pending";
      }
      if (again && round < DELAYS_MS.length) {
        const delay = DELAYS_MS[round]!;
        setNextCheckAt(Date.now() + delay);
        timer = setTimeout(() => setRound((r) => r + 1), delay);
      }
    })();
    return () => {
      cancelled = true;
      if (timer) clearTimeout(timer);
    };
  }, [round, orderId]);

  useEffect(() => {
    if (nextCheckAt === null) return;
    const tick = setInterval(() => setNow(Date.now()), 250);
    return () => clearInterval(tick);
  }, [nextCheckAt]);

  function checkNow() {
    setRound((r) => r + 1);
  }

  async function payAgain(id: string) {
    setRetrying(true);
    setRetryError(null);
    const failure = await retryCheckout(id, checkout);
    if (failure) {
      setRetryError(failure.message);
      setRetrying(false);
      // The order may have been paid meanwhile (order_already_paid): show what the server says now.
      if (failure.code === "order_already_paid") checkNow();
    }
  }

  if (view.kind === "checking") {
    return (
      <Panel tone="neutral" title="Confirming your payment…" testId="payment-checking">
        <p>We&apos;re asking Cashfree for the result of order {orderId}. This takes a few seconds.</p>
        <Indeterminate label="Confirming payment" />
      </Panel>
    );
  }

  if (view.kind === "unknown") {
    return (
      <Panel tone="neutral" title="We can't find this order" testId="payment-unknown">
        <p>
          There is no order {orderId} in this account. If you have several Khata accounts, the payment may belong to another one: switch
          account and open the link again. Otherwise, start a new payment; nothing was charged for an order we don&apos;t know.
        </p>
        <div className="mt-4 flex flex-wrap gap-2">
          <Link href="/payments" className="inline-flex min-h-10 items-center rounded-md bg-brand-600 px-4 text-sm font-medium text-white hover:bg-brand-700">
            View payments
          </Link>
          {canPay ? (
            <Link href="/billing/top-up" className="inline-flex min-h-10 items-center rounded-md px-4 text-sm font-medium text-brand-700 hover:bg-brand-50">
              Top up credits
            </Link>
          ) : null}
        </div>
      </Panel>
    );
  }

  if (view.kind === "error") {
    return (
      <Panel tone="danger" title="We couldn't check this payment" testId="payment-error">
        <p>{humanApiMessage({ code: view.retryable ? "network_error" : "invalid_request", message: view.message }, { order_id: "Order" })}</p>
        {view.retryable ? (
          <p className="mt-1">If you paid, your money is safe: the payment is confirmed with Cashfree directly and credited once.</p>
        ) : null}
        <div className="mt-4 flex flex-wrap gap-2">
          {view.retryable ? (
            <Button onClick={checkNow} disabled={checking}>
              {checking ? "Checking…" : "Check again"}
            </Button>
          ) : null}
          <Link href="/payments" className="inline-flex min-h-10 items-center rounded-md px-4 text-sm font-medium text-brand-700 hover:bg-brand-50">
            View payments
          </Link>
        </div>
      </Panel>
    );
  }

  const order = view.order;
  const what =
    order.type === "plan_upgrade" && order.plan
      ? `the ${order.plan.charAt(0).toUpperCase()}${order.plan.slice(1)} plan`
      : `${grouping.format(Number(order.credits))} credits`;
  const amount = formatInr(BigInt(order.amount_paise));

  if (order.status === "paid") {
    return (
      <Panel tone="success" title="Payment successful" testId="payment-success">
        <p>
          We received {amount} for {what}.{" "}
          {order.type === "plan_upgrade" ? "Your plan is active now and its credits are in your balance." : "The credits are in your balance now."}
        </p>
        <dl className="mt-4 grid gap-3 rounded-md bg-white/70 p-4 text-sm sm:grid-cols-3">
          <Item label="Order" value={order.order_id} />
          <Item label="Amount paid" value={amount} />
          <Item label="Tax invoice" value={order.invoice_number ?? "Being issued"} />
        </dl>
        <div className="mt-4 flex flex-wrap gap-2">
          <Link href="/billing" className="inline-flex min-h-10 items-center rounded-md bg-brand-600 px-4 text-sm font-medium text-white hover:bg-brand-700">
            Back to billing
          </Link>
          {order.invoice_number ? (
            <Link
              href={`/invoices/${order.invoice_number}`}
              className="inline-flex min-h-10 items-center rounded-md border border-slate-300 bg-white px-4 text-sm font-medium text-slate-900 hover:bg-slate-100"
            >
              View invoice
            </Link>
          ) : null}
        </div>
      </Panel>
    );
  }

  if (order.status === "pending") {
    const gaveUp = nextCheckAt === null && !checking;
    const total = nextCheckAt ? DELAYS_MS[Math.max(0, attempt - 1)] ?? 1 : 1;
    const left = nextCheckAt ? Math.max(0, nextCheckAt - now) : 0;
    return (
      <Panel tone="warning" title="Payment pending" testId="payment-pending">
        <p>
          Cashfree hasn&apos;t confirmed your payment of {amount} for {what} yet. Some UPI and netbanking payments take a minute. Don&apos;t pay again
          while this is pending: we&apos;ll keep checking, and you&apos;ll get the credits as soon as it&apos;s confirmed.
        </p>
        {gaveUp ? (
          <p className="mt-3">
            Still not confirmed. You can check again now, or come back later: the{" "}
            <Link className="font-medium underline" href="/payments">
              payments
            </Link>{" "}
            page shows the final status.
          </p>
        ) : (
          <div className="mt-4">
            <div
              role="progressbar"
              aria-label="Time until the next check"
              aria-valuemin={0}
              aria-valuemax={100}
              aria-valuenow={checking ? 100 : Math.round(100 - (left / total) * 100)}
              className="h-1.5 w-full overflow-hidden rounded-full bg-amber-200"
            >
              <div className="h-full rounded-full bg-amber-600 transition-[width] duration-200" style={{ width: `${checking ? 100 : 100 - (left / total) * 100}%` }} />
            </div>
            <p className="mt-2 text-xs" aria-live="polite">
              {checking ? "Checking with Cashfree…" : `Checking again in ${Math.ceil(left / 1000)} s (check ${attempt} of ${DELAYS_MS.length + 1}).`}
            </p>
          </div>
        )}
        <div className="mt-4 flex flex-wrap gap-2">
          <Button variant="secondary" onClick={checkNow} disabled={checking}>
            {checking ? "Checking…" : "Check now"}
          </Button>
          {gaveUp && canPay ? (
            <Button onClick={() => void payAgain(order.order_id)} disabled={retrying}>
              {retrying ? "Opening checkout…" : "Pay again"}
            </Button>
          ) : null}
        </div>
        {retryError ? <p className="mt-3 font-medium text-red-800" role="alert">{retryError}</p> : null}
      </Panel>
    );
  }

  const dropped = order.status === "user_dropped";
  const title = dropped ? "Payment not completed" : order.status === "expired" ? "Payment session expired" : order.status === "cancelled" ? "Order cancelled" : "Payment failed";
  const body = dropped
    ? `The checkout was closed before paying, so nothing was charged for ${what}.`
    : order.status === "failed"
      ? `Your bank or Cashfree declined the payment of ${amount} for ${what}. No money was taken; if your account was debited, the bank reverses it automatically.`
      : `This order for ${what} can no longer be paid.`;
  return (
    <Panel tone="danger" title={title} testId="payment-failed">
      <p>{body}</p>
      <div className="mt-4 flex flex-wrap gap-2">
        {canPay && order.status !== "cancelled" && !order.replaced_by_order_id ? (
          <Button onClick={() => void payAgain(order.order_id)} disabled={retrying}>
            {retrying ? "Opening checkout…" : "Retry payment"}
          </Button>
        ) : null}
        <Link href="/billing" className="inline-flex min-h-10 items-center rounded-md border border-slate-300 bg-white px-4 text-sm font-medium text-slate-900 hover:bg-slate-100">
          Back to billing
        </Link>
      </div>
      {!canPay ? <p className="mt-3">Only an owner or admin can pay for this order.</p> : null}
      {retryError ? (
        <p className="mt-3 font-medium text-red-800" role="alert">
          {retryError}
        </p>
      ) : null}
    </Panel>
  );
}

function Panel({ tone, title, testId, children }: { tone: "neutral" | "success" | "warning" | "danger"; title: string; testId: string; children: React.ReactNode }) {
  const tones = {
    neutral: "border-slate-200 bg-white text-slate-700",
    success: "border-green-200 bg-green-50 text-green-950",
    warning: "border-amber-200 bg-amber-50 text-amber-950",
    danger: "border-red-200 bg-red-50 text-red-950",
  } as const;
  const icon = { neutral: "…", success: "✓", warning: "!", danger: "×" } as const;
  const iconTone = {
    neutral: "bg-slate-100 text-slate-700",
    success: "bg-green-600 text-white",
    warning: "bg-amber-500 text-white",
    danger: "bg-red-600 text-white",
  } as const;
  return (
    <section data-testid={testId} aria-live="polite" className={`min-h-64 rounded-xl border p-6 text-sm shadow-sm ${tones[tone]}`}>
      <div className="flex items-start gap-4">
        <span aria-hidden="true" className={`flex size-10 shrink-0 items-center justify-center rounded-full text-lg font-bold ${iconTone[tone]}`}>
          {icon[tone]}
        </span>
        <div className="min-w-0 flex-1">
          <h2 className="text-lg font-semibold text-slate-900">{title}</h2>
          <div className="mt-1 leading-relaxed">{children}</div>
        </div>
      </div>
    </section>
  );
}

function Item({ label, value }: { label: string; value: string }) {
  return (
    <div className="min-w-0">
      <dt className="text-xs font-medium uppercase tracking-wide text-slate-600">{label}</dt>
      <dd className="mt-0.5 truncate font-medium text-slate-900">{value}</dd>
    </div>
  );
}

function Indeterminate({ label }: { label: string }) {
  return (
    <div role="progressbar" aria-label={label} className="mt-4 h-1.5 w-full overflow-hidden rounded-full bg-slate-200">
      <div className="h-full w-1/3 animate-[khata-slide_1.2s_ease-in-out_infinite] rounded-full bg-brand-600" />
    </div>
  );
}
