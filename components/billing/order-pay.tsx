"use client";

import clsx from "clsx";
import QRCode from "qrcode";
import { useEffect, useId, useRef, useState, type RefObject } from "react";
import { apiFetch, type ApiError } from "@/components/api-client";
import type { PaymentSession } from "@/components/billing/checkout";
import { Notice } from "@/components/billing/primitives";
import { Button, Field, Input, Select } from "@/components/ui";
import { NETBANKING_BANKS } from "@/lib/cashfree/netbanking-banks";
import { UPI_ID_PATTERN } from "@/lib/cashfree/order-pay";
import { formatInr } from "@/lib/money/format-inr";

type MethodType = "upi_qr" | "upi_collect" | "upi_link" | "netbanking";
const METHODS: { type: MethodType; label: string }[] = [
  { type: "upi_qr", label: "Pay by UPI QR" },
  { type: "upi_collect", label: "UPI ID" },
  { type: "upi_link", label: "UPI app" },
  { type: "netbanking", label: "Netbanking" },
];

/** POST /api/v1/payments/pay's answer. */
interface PayAnswer {
  order_id: string;
  cf_payment_id: string;
  method: MethodType;
  attempt: number;
  amount: number;
  expires_at: string | null;
  action: "link" | "custom" | "form" | "post";
  data: { url: string | null; payload: Record<string, unknown> | null; content_type: string | null; method: string | null };
}

type OrderStatus = "pending" | "paid" | "failed" | "user_dropped" | "expired" | "cancelled";
type Phase =
  | { kind: "idle" }
  | { kind: "starting" }
  | { kind: "waiting"; answer: PayAnswer; qrDataUrl: string | null }
  | { kind: "final"; status: OrderStatus; orderId: string; invoiceNumber: string | null };

/** Verify polling while the payer acts on their phone or bank: quick at first, then every 5 s (backoff). */
export const POLL_DELAYS_MS = [1000, 1000, 2000, 2000, 3000, 3000, 5000];

const newKey = () => (typeof crypto !== "undefined" && "randomUUID" in crypto ? crypto.randomUUID() : `${Date.now()}-${Math.random()}`);

/**
 * Order Pay beside the hosted checkout: UPI QR (rendered here), UPI ID (collect), UPI app (intent link, mobile),
 * netbanking (the bank form posted as Cashfree says). The page only follows the payment through verify; the
 * server credits when the webhook or verify settles it.
 */
/** What the Order Pay attempt buys: a credit top-up (the top-up page) or a plan (the plans page). */
export type OrderPayPurchase = { type: "credit_topup"; credits: number } | { type: "plan_upgrade"; plan: string };

export function OrderPay({ purchase, disabled, onFallback }: { purchase: OrderPayPurchase | null; disabled: boolean; onFallback: () => void }) {
  const [method, setMethod] = useState<MethodType>("upi_qr");
  const [upiId, setUpiId] = useState("");
  const [bankCode, setBankCode] = useState("");
  const [phase, setPhase] = useState<Phase>({ kind: "idle" });
  const [error, setError] = useState<ApiError | null>(null);
  const [now, setNow] = useState(() => Date.now());
  const order = useRef<{ key: string; orderId: string } | null>(null);
  const formRef = useRef<HTMLFormElement>(null);
  const upiFieldId = useId();
  const bankFieldId = useId();

  const upiError = method === "upi_collect" && upiId.trim() !== "" && !UPI_ID_PATTERN.test(upiId.trim()) ? "Enter a UPI ID like name@bank." : null;
  const ready =
    purchase !== null &&
    !disabled &&
    (method === "upi_qr" || method === "upi_link" || (method === "upi_collect" && UPI_ID_PATTERN.test(upiId.trim())) || (method === "netbanking" && bankCode !== ""));

  async function orderIdFor(bought: OrderPayPurchase): Promise<string | ApiError> {
    const key = JSON.stringify(bought);
    if (order.current?.key === key) return order.current.orderId;
    const created = await apiFetch<PaymentSession>("/api/v1/payments/create-order", { method: "POST", body: bought, idempotencyKey: newKey() });
    if (!created.ok) return created.error;
    order.current = { key, orderId: created.data.order_id };
    return created.data.order_id;
  }

  async function start() {
    if (!ready || purchase === null) return;
    setError(null);
    setPhase({ kind: "starting" });
    let orderId = await orderIdFor(purchase);
    if (typeof orderId !== "string") return fail(orderId);
    const body = () => ({
      order_id: orderId,
      method:
        method === "upi_collect"
          ? { type: method, upi_id: upiId.trim() }
          : method === "netbanking"
            ? { type: method, bank_code: Number(bankCode) }
            : { type: method },
    });
    let paid = await apiFetch<PayAnswer>("/api/v1/payments/pay", { method: "POST", body: body(), idempotencyKey: newKey() });
    if (!paid.ok && paid.error.code === "order_not_payable") {
      // The order expired or was closed: pay the same amount on a fresh order.
      order.current = null;
      const fresh = await orderIdFor(purchase);
      if (typeof fresh !== "string") return fail(fresh);
      orderId = fresh;
      paid = await apiFetch<PayAnswer>("/api/v1/payments/pay", { method: "POST", body: body(), idempotencyKey: newKey() });
    }
    if (!paid.ok) return fail(paid.error);
    const answer = paid.data;
    if (answer.action === "post" || answer.action === "form") {
      setPhase({ kind: "waiting", answer, qrDataUrl: null });
      return; // the effect below submits the bank form once it is rendered
    }
    const qr = typeof answer.data.payload?.qrcode === "string" ? answer.data.payload.qrcode : null;
    const qrDataUrl = qr === null ? null : qr.startsWith("data:image/") ? qr : await QRCode.toDataURL(qr, { margin: 1, width: 240 });
    setPhase({ kind: "waiting", answer, qrDataUrl });
  }

  function fail(apiError: ApiError) {
    setError(apiError);
    setPhase({ kind: "idle" });
  }

  // Netbanking: submit Cashfree's post form (url + payload) as a real form, so the bank page opens in this tab.
  useEffect(() => {
    if (phase.kind === "waiting" && (phase.answer.action === "post" || phase.answer.action === "form")) formRef.current?.submit();
  }, [phase]);

  // Follow the payment until it is final: verify with backoff; the server settles, the page only shows.
  const waitingOrderId = phase.kind === "waiting" ? phase.answer.order_id : null;
  const waitingPaymentId = phase.kind === "waiting" ? phase.answer.cf_payment_id : null;
  useEffect(() => {
    if (waitingOrderId === null) return;
    let cancelled = false;
    let timer: ReturnType<typeof setTimeout> | undefined;
    const check = async (round: number) => {
      const result = await apiFetch<{ status: OrderStatus; invoice_number: string | null }>("/api/v1/payments/verify", {
        method: "POST",
        body: { order_id: waitingOrderId },
      });
      if (cancelled) return;
      if (result.ok && result.data.status !== "pending") {
        setPhase({ kind: "final", status: result.data.status, orderId: waitingOrderId, invoiceNumber: result.data.invoice_number });
        return;
      }
      timer = setTimeout(() => void check(round + 1), POLL_DELAYS_MS[Math.min(round, POLL_DELAYS_MS.length - 1)]);
    };
    timer = setTimeout(() => void check(0), POLL_DELAYS_MS[0]);
    return () => {
      cancelled = true;
      if (timer) clearTimeout(timer);
    };
  }, [waitingOrderId, waitingPaymentId]);

  useEffect(() => {
    if (phase.kind !== "waiting") return;
    const tick = setInterval(() => setNow(Date.now()), 1000);
    return () => clearInterval(tick);
  }, [phase.kind]);

  const reset = () => {
    setPhase({ kind: "idle" });
    setError(null);
  };

  return (
    <section aria-labelledby="order-pay-title" className="mt-6 border-t border-slate-200 pt-4" data-testid="order-pay">
      <h3 id="order-pay-title" className="text-sm font-semibold text-slate-900">
        Or pay here without leaving Khata
      </h3>
      <fieldset className="mt-3" disabled={phase.kind === "waiting" || phase.kind === "starting"}>
        <legend className="sr-only">Payment method</legend>
        <div className="grid grid-cols-2 gap-2">
          {METHODS.map((m) => (
            <label
              key={m.type}
              className={clsx(
                "cursor-pointer rounded-md border px-2 py-2 text-center text-sm has-[:focus-visible]:outline-2 has-[:focus-visible]:outline-brand-600",
                method === m.type ? "border-brand-600 bg-brand-50 font-medium text-slate-900" : "border-slate-300 bg-white text-slate-700",
              )}
            >
              <input type="radio" name="order-pay-method" value={m.type} className="sr-only" checked={method === m.type} onChange={() => setMethod(m.type)} />
              {m.label}
            </label>
          ))}
        </div>
        {method === "upi_collect" ? (
          <div className="mt-3">
            <Field label="Your UPI ID" htmlFor={upiFieldId} error={upiError} hint="You approve the request in your UPI app.">
              <Input id={upiFieldId} autoComplete="off" placeholder="name@okhdfc" value={upiId} onChange={(e) => setUpiId(e.target.value)} aria-invalid={upiError ? true : undefined} />
            </Field>
          </div>
        ) : null}
        {method === "netbanking" ? (
          <div className="mt-3">
            <Field label="Your bank" htmlFor={bankFieldId}>
              <Select id={bankFieldId} value={bankCode} onChange={(e) => setBankCode(e.target.value)}>
                <option value="">Choose a bank</option>
                {NETBANKING_BANKS.map((bank) => (
                  <option key={bank.code} value={bank.code}>
                    {bank.name}
                  </option>
                ))}
              </Select>
            </Field>
          </div>
        ) : null}
      </fieldset>

      {error ? (
        <Notice tone="danger" className="mt-3" testId="order-pay-error">
          {error.message}
          {error.code === "payment_method_not_enabled" ? (
            <Button variant="secondary" className="mt-2 w-full" onClick={onFallback}>
              Pay on Cashfree&apos;s checkout instead
            </Button>
          ) : null}
        </Notice>
      ) : null}

      {phase.kind === "waiting" ? <Waiting answer={phase.answer} qrDataUrl={phase.qrDataUrl} now={now} formRef={formRef} /> : null}

      {phase.kind === "final" ? <Final status={phase.status} invoiceNumber={phase.invoiceNumber} method={method} plan={purchase?.type === "plan_upgrade"} onRetry={() => { reset(); void start(); }} /> : null}

      {phase.kind === "idle" || phase.kind === "starting" ? (
        <Button className="mt-3 w-full" variant="secondary" disabled={!ready || phase.kind === "starting"} onClick={() => void start()} data-testid="order-pay-start">
          {phase.kind === "starting" ? "Starting payment…" : METHODS.find((m) => m.type === method)?.label}
        </Button>
      ) : null}
    </section>
  );
}

function countdown(expiresAt: string | null, now: number): string | null {
  if (!expiresAt) return null;
  const leftS = Math.max(0, Math.floor((Date.parse(expiresAt) - now) / 1000));
  return `${Math.floor(leftS / 60)}:${String(leftS % 60).padStart(2, "0")}`;
}

function Waiting({ answer, qrDataUrl, now, formRef }: { answer: PayAnswer; qrDataUrl: string | null; now: number; formRef: RefObject<HTMLFormElement | null> }) {
  const amount = formatInr(BigInt(Math.round(answer.amount * 100)));
  const left = countdown(answer.expires_at, now);
  const intent = typeof answer.data.payload?.default === "string" ? answer.data.payload.default : null;
  return (
    <div className="mt-3 rounded-lg border border-slate-200 p-3 text-center" data-testid="order-pay-waiting" data-cf-payment-id={answer.cf_payment_id}>
      <p className="text-lg font-semibold tabular-nums text-slate-900" data-testid="order-pay-amount">
        {amount}
      </p>
      {qrDataUrl ? (
        // A generated data: URL: nothing for next/image to optimise.
        // eslint-disable-next-line @next/next/no-img-element
        <img src={qrDataUrl} alt={`UPI QR code to pay ${amount}`} className="mx-auto my-2 aspect-square w-full max-w-60" data-testid="order-pay-qr" data-qr={String(answer.data.payload?.qrcode ?? "")} />
      ) : null}
      {answer.method === "upi_qr" ? <p className="text-sm text-slate-700">Scan with any UPI app to pay.</p> : null}
      {answer.method === "upi_collect" ? <p className="text-sm text-slate-700">We sent a request to your UPI ID. Approve it in your UPI app.</p> : null}
      {answer.method === "upi_link" && intent ? (
        <a href={intent} className="mt-2 inline-block rounded-md bg-brand-600 px-4 py-2 text-sm font-medium text-white">
          Open your UPI app
        </a>
      ) : null}
      {answer.action === "post" || answer.action === "form" ? (
        <form ref={formRef} method="post" action={answer.data.url ?? ""} data-testid="order-pay-bank-form">
          {Object.entries(answer.data.payload ?? {}).map(([name, value]) => (
            <input key={name} type="hidden" name={name} value={String(value)} />
          ))}
          <p className="text-sm text-slate-700">Opening your bank…</p>
          <noscript>
            <button type="submit">Continue to your bank</button>
          </noscript>
        </form>
      ) : null}
      <p className="mt-2 text-xs text-slate-600" role="status" aria-live="polite" data-testid="order-pay-status">
        Waiting for the payment{left ? <> · order expires in <span className="tabular-nums">{left}</span></> : null}
      </p>
    </div>
  );
}

function Final({ status, invoiceNumber, method, plan, onRetry }: { status: OrderStatus; invoiceNumber: string | null; method: MethodType; plan: boolean; onRetry: () => void }) {
  if (status === "paid") {
    return (
      <Notice tone="success" className="mt-3" title="Payment received" testId="order-pay-success">
        {plan ? "Your plan is active and its credits are added." : "Your credits are added."}{invoiceNumber ? ` Invoice ${invoiceNumber}.` : ""}
      </Notice>
    );
  }
  const expired = status === "expired" || status === "cancelled";
  const title = expired ? "This payment expired" : method === "upi_collect" ? "The UPI request expired or was declined" : "The payment failed";
  return (
    <Notice tone="warning" className="mt-3" title={title} testId={expired || method === "upi_collect" ? "order-pay-expired" : "order-pay-failed"}>
      No money was taken for this attempt.
      <Button className="mt-2 w-full" onClick={onRetry} data-testid="order-pay-retry">
        Try again
      </Button>
    </Notice>
  );
}
