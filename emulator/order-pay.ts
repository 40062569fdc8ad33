import type { IncomingMessage, ServerResponse } from "node:http";
import { paiseToRupees } from "./format";
import { CashfreeHttpError, escapeHtml, invalidRequest, isRecord, readBody, sendHtml } from "./http";
import { NETBANKING_BANK_NAMES } from "./netbanking-banks";
import type { EmulatorOperations, SettledPayment } from "./operations";
import { returnUrlFor } from "./checkout";
import type { EmulatorOrder, EmulatorPayment, Instrument } from "./state";

/** A UPI collect request lapses when the payer does not approve it in time (Cashfree: minutes; here 5). */
export const COLLECT_TTL_MS = 5 * 60 * 1000;
const UPI_ID_PATTERN = /^[\w.-]{2,256}@[a-zA-Z]{2,64}$/;
const MERCHANT_VPA = "khata.cf@emulator";

export type OrderPayChannel = "qrcode" | "collect" | "link" | "netbanking";

/** Order Pay answer (version 2025-01-01 `OrderPayResponse`): what the browser must do next. */
export type OrderPayAnswer = {
  payment_amount: number;
  cf_payment_id: string;
  payment_method: "upi" | "netbanking";
  channel: "link" | "collect" | "qrcode" | "post";
  action: "link" | "custom" | "form" | "post";
  data: { url: string | null; payload: Record<string, unknown> | null; content_type: string | null; method: string | null };
};

/**
 * POST /pg/orders/sessions — starts a payment on an ACTIVE order from its payment_session_id and a payment method
 * object. The payment is PENDING until the payer acts: the QR is paid (control API), the collect request is
 * approved, declined or lapses (control API), or the bank page is submitted.
 */
export function orderPay(body: Record<string, unknown>, ops: EmulatorOperations, origin: string): OrderPayAnswer {
  const sessionId = body.payment_session_id;
  if (typeof sessionId !== "string" || sessionId === "") {
    throw invalidRequest("payment_session_id_invalid", "payment_session_id : is missing in the request");
  }
  const order = ops.state.ordersBySession.get(sessionId);
  if (!order) throw invalidRequest("payment_session_id_invalid", "payment_session_id : is invalid or does not exist");
  ops.assertPayable(order);
  const method = body.payment_method;
  if (!isRecord(method) || Object.keys(method).length !== 1) {
    throw invalidRequest("payment_method_invalid", "payment_method : must hold exactly one payment method object");
  }
  const [kind] = Object.keys(method) as [string];
  const details = method[kind];
  if (!isRecord(details)) throw invalidRequest("payment_method_invalid", `payment_method.${kind} : must be an object`);
  if (kind === "card") {
    throw new CashfreeHttpError(400, "card_submission_disabled", "feature_not_enabled", "card : server-to-server card payments need the PCI DSS flag");
  }
  if (kind !== "upi" && kind !== "netbanking") {
    throw invalidRequest("payment_method_invalid", `payment_method.${kind} : is not a supported payment method`);
  }
  if (ops.state.config.disabledPaymentMethods.includes(kind)) {
    throw new CashfreeHttpError(400, "payment_method_unsupported", "feature_not_enabled", `${kind} : payment method is not enabled for this merchant`);
  }
  return kind === "upi" ? startUpi(order, details, ops) : startNetbanking(order, details, ops, origin);
}

function startUpi(order: EmulatorOrder, details: Record<string, unknown>, ops: EmulatorOperations): OrderPayAnswer {
  const channel = details.channel;
  if (channel !== "qrcode" && channel !== "collect" && channel !== "link") {
    throw invalidRequest("payment_method_invalid", "upi.channel : must be one of link, collect, qrcode");
  }
  let upiId: string | null = null;
  if (channel === "collect") {
    if (typeof details.upi_id !== "string" || !UPI_ID_PATTERN.test(details.upi_id)) {
      throw invalidRequest("payment_method_invalid", "upi.upi_id : is missing or not a valid UPI id");
    }
    upiId = details.upi_id;
  }
  const ttlMs = channel === "collect" ? COLLECT_TTL_MS : order.expiresAtMs - Date.now();
  const payment = startPending(order, ops, channel, { group: "upi", method: { upi: { channel, upi_id: upiId } } }, ttlMs);
  const intent = upiIntent(order, payment);
  const payload =
    channel === "qrcode"
      ? { qrcode: intent }
      : channel === "link"
        ? { default: intent, bhim: intent, gpay: intent.replace("upi://", "tez://upi/"), paytm: intent.replace("upi://", "paytmmp://"), phonepe: intent.replace("upi://", "phonepe://") }
        : null;
  return answer(payment, "upi", channel, "custom", { url: null, payload, content_type: null, method: null });
}

function startNetbanking(order: EmulatorOrder, details: Record<string, unknown>, ops: EmulatorOperations, origin: string): OrderPayAnswer {
  if (details.channel !== "link") throw invalidRequest("payment_method_invalid", "netbanking.channel : must be link");
  const code = details.netbanking_bank_code;
  const bankName = typeof code === "number" ? NETBANKING_BANK_NAMES.get(code) : undefined;
  if (typeof code !== "number" || bankName === undefined) {
    throw invalidRequest("netbanking_bank_code_invalid", "netbanking.netbanking_bank_code : is not a valid bank code");
  }
  const method = { netbanking: { channel: "link", netbanking_bank_code: code, netbanking_bank_name: bankName } };
  const payment = startPending(order, ops, "netbanking", { group: "net_banking", method }, order.expiresAtMs - Date.now());
  return answer(payment, "netbanking", "post", "post", {
    url: `${origin}/netbanking/${encodeURIComponent(payment.cfPaymentId)}`,
    payload: { cf_payment_id: payment.cfPaymentId, bank_code: String(code) },
    content_type: "application/x-www-form-urlencoded",
    method: "post",
  });
}

function startPending(
  order: EmulatorOrder,
  ops: EmulatorOperations,
  channel: OrderPayChannel,
  method: NonNullable<EmulatorPayment["method"]>,
  ttlMs: number,
): EmulatorPayment {
  const settled = ops.pay(order, "upi_pending", { deliver: false });
  settled.payment.method = method;
  settled.payment.orderPay = { channel, expiresAtMs: Date.now() + Math.max(0, ttlMs) };
  return settled.payment;
}

function answer(payment: EmulatorPayment, paymentMethod: OrderPayAnswer["payment_method"], channel: OrderPayAnswer["channel"], action: OrderPayAnswer["action"], data: OrderPayAnswer["data"]): OrderPayAnswer {
  return { payment_amount: paiseToRupees(payment.amountPaise), cf_payment_id: payment.cfPaymentId, payment_method: paymentMethod, channel, action, data };
}

/** The UPI deep link a QR encodes (NPCI's upi://pay): payee, amount, and the payment as transaction reference. */
export function upiIntent(order: EmulatorOrder, payment: EmulatorPayment): string {
  const params = new URLSearchParams({
    pa: MERCHANT_VPA,
    pn: "Khata",
    tr: payment.cfPaymentId,
    am: paiseToRupees(payment.amountPaise).toFixed(2),
    cu: "INR",
    tn: order.orderId,
  });
  return `upi://pay?${params.toString()}`;
}

/** The phone or the bank acts on an Order Pay payment: it succeeds, fails, or (collect) lapses. */
export function actOnOrderPay(
  ops: EmulatorOperations,
  payment: EmulatorPayment,
  order: EmulatorOrder,
  outcome: "success" | "failed" | "expired",
  expectedChannels: readonly OrderPayChannel[],
  deliver = true,
): SettledPayment {
  const channel = payment.orderPay?.channel;
  if (!channel || !expectedChannels.includes(channel)) {
    throw invalidRequest("request_failed", `payment ${payment.cfPaymentId} is not an Order Pay ${expectedChannels.join("/")} payment`, 409);
  }
  const lapsed = payment.orderPay !== undefined && Date.now() >= payment.orderPay.expiresAtMs;
  const instrument: Instrument = outcome === "expired" || lapsed ? "upi_expired" : outcome === "success" ? "upi_success" : "upi_failure";
  return ops.resolvePending(order, payment, instrument, deliver);
}

/** Finds the Order Pay payment a scanned QR (its upi://pay `tr`) or a cf_payment_id names. */
export function findOrderPayPayment(ops: EmulatorOperations, ref: { cfPaymentId?: string; qr?: string }) {
  let cfPaymentId = ref.cfPaymentId;
  if (cfPaymentId === undefined && ref.qr !== undefined) {
    try {
      cfPaymentId = new URL(ref.qr).searchParams.get("tr") ?? undefined;
    } catch {
      throw invalidRequest("request_failed", "qr : is not a upi://pay payload");
    }
  }
  if (cfPaymentId === undefined) throw invalidRequest("request_failed", "cf_payment_id or qr : is required");
  const found = ops.state.findPayment(cfPaymentId);
  if (!found) throw invalidRequest("payment_not_found", "payment not found", 404);
  return found;
}

/** POST /netbanking/:cfPaymentId — the bank's login page the `post` action lands on (fields: cf_payment_id, bank_code). */
export async function renderBankPage(req: IncomingMessage, res: ServerResponse, cfPaymentId: string, ops: EmulatorOperations) {
  const form = new URLSearchParams(await readBody(req));
  const found = ops.state.findPayment(cfPaymentId);
  if (!found || found.payment.orderPay?.channel !== "netbanking" || form.get("cf_payment_id") !== cfPaymentId) {
    sendHtml(res, 400, bankPage("Invalid bank request", `<p role="alert">Unknown netbanking payment.</p>`));
    return;
  }
  const { payment } = found;
  const bank = (payment.method?.method.netbanking as { netbanking_bank_name?: string } | undefined)?.netbanking_bank_name ?? "Bank";
  if (payment.status !== "PENDING") {
    sendHtml(res, 409, bankPage(bank, `<p role="status" data-testid="bank-status">This payment is already ${escapeHtml(payment.status)}.</p>`));
    return;
  }
  const action = `/netbanking/${encodeURIComponent(cfPaymentId)}/submit`;
  const button = (outcome: string, label: string) => `<form method="post" action="${action}">
<input type="hidden" name="outcome" value="${outcome}"><button type="submit" data-testid="bank-${outcome}">${label}</button></form>`;
  sendHtml(
    res,
    200,
    bankPage(
      `${bank} net banking`,
      `<p>Pay <strong data-testid="bank-amount">₹${paiseToRupees(payment.amountPaise).toFixed(2)}</strong> to Khata (emulated bank page).</p>
${button("success", "Approve payment")}${button("failed", "Decline payment")}`,
    ),
  );
}

/** POST /netbanking/:cfPaymentId/submit — the payer approves or declines; back to return_url, webhook sent. */
export async function submitBankPage(req: IncomingMessage, res: ServerResponse, cfPaymentId: string, ops: EmulatorOperations) {
  const form = new URLSearchParams(await readBody(req));
  const outcome = form.get("outcome");
  const found = ops.state.findPayment(cfPaymentId);
  if (!found || (outcome !== "success" && outcome !== "failed")) {
    sendHtml(res, 400, bankPage("Invalid bank request", `<p role="alert">Unknown payment or outcome.</p>`));
    return;
  }
  try {
    actOnOrderPay(ops, found.payment, found.order, outcome, ["netbanking"]);
  } catch (error) {
    if (!(error instanceof CashfreeHttpError)) throw error;
    sendHtml(res, error.status, bankPage("Payment not allowed", `<p role="alert">${escapeHtml(error.message)}</p>`));
    return;
  }
  const back = returnUrlFor(found.order);
  if (back) {
    res.writeHead(303, { location: back, "content-length": 0 });
    res.end();
    return;
  }
  sendHtml(res, 200, bankPage("Payment complete", `<p role="status" data-testid="bank-status">Payment ${escapeHtml(found.payment.status)}.</p>`));
}

function bankPage(title: string, body: string): string {
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<title>${escapeHtml(title)} · Cashfree emulator</title></head>
<body><main><h1>${escapeHtml(title)}</h1>${body}</main></body></html>`;
}
