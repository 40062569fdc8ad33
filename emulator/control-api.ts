import type { IncomingMessage, ServerResponse } from "node:http";
import { disputeJson, orderJson, paymentJson, refundJson } from "./entities";
import { rupeesToPaise } from "./format";
import { invalidRequest, isRecord, matchPath, parseJsonObject, readBody, sendJson } from "./http";
import { OUTCOME_INSTRUMENTS, type Outcome } from "./instruments";
import type { DisputeChange, EmulatorOperations, SettledPayment } from "./operations";
import { expireLink, getLink, linkJson, linkOrders, openLink, type LinkEventChange } from "./links";
import { actOnOrderPay, findOrderPayPayment } from "./order-pay";
import { settlementsControlRoute } from "./settlements-api";
import { DISPUTE_TYPES, REFUND_SETTLE_STATUSES, type DisputeType, type EmulatorOrder, type EmulatorPayment, type WebhookDelivery, type WebhookEvent } from "./state";
import type { DeliveryOptions } from "./webhook-sender";

const API_VERSION = "2025-01-01";

/** `/__control/...`: test-only knobs. No auth: the emulator binds to 127.0.0.1 and is never deployed. */
export async function handleControlApi(req: IncomingMessage, res: ServerResponse, pathname: string, ops: EmulatorOperations) {
  const method = req.method ?? "GET";
  const body = method === "POST" ? parseJsonObject(await readBody(req)) : {};
  const { status, json } = await route(method, pathname, body, ops);
  sendJson(res, status, json);
}

async function route(method: string, pathname: string, body: Record<string, unknown>, ops: EmulatorOperations) {
  const ok = (json: unknown) => ({ status: 200, json });

  if (method === "POST" && pathname === "/__control/reset") {
    ops.cancelTimers();
    ops.state.reset();
    return ok({ ok: true });
  }
  if (pathname === "/__control/config") {
    if (method === "POST") applyConfig(body, ops);
    return ok(ops.state.config);
  }
  if (method === "GET" && pathname === "/__control/webhooks/log") return ok({ deliveries: ops.state.deliveries });
  if (pathname.startsWith("/__control/settlements")) {
    const answer = settlementsControlRoute(method, pathname, body, ops);
    if (answer !== undefined) return ok(answer);
  }

  if (method === "POST" && pathname === "/__control/webhooks/redeliver") {
    const order = ops.getOrder(requireString(body.order_id, "order_id"));
    const event = latestEvent(ops, order, optionalString(body.cf_payment_id, "cf_payment_id"));
    const copies = optionalInt(body.copies, "copies", 1, 100) ?? 1;
    const options = deliveryOptions(body);
    const url = requireNotifyUrl(ops, order);
    const deliveries = await Promise.all(Array.from({ length: copies }, () => ops.sender.deliverOnce(event, url, options)));
    return ok({ event: eventJson(event), deliveries });
  }

  if (method === "POST" && pathname === "/__control/webhooks/deliver-sequence") {
    const order = ops.getOrder(requireString(body.order_id, "order_id"));
    if (!Array.isArray(body.events) || body.events.length === 0) throw invalidRequest("request_failed", "events : must be a non-empty array");
    const url = requireNotifyUrl(ops, order);
    const planned = body.events.map((item) => {
      const spec = isRecord(item) ? item : typeof item === "string" ? { cf_payment_id: item } : null;
      if (!spec) throw invalidRequest("request_failed", "events[] : must be objects or cf_payment_id strings");
      return { event: selectEvent(ops, order, spec), options: deliveryOptions(spec) };
    });
    const deliveries: WebhookDelivery[] = [];
    for (const { event, options } of planned) deliveries.push(await ops.sender.deliverOnce(event, url, options));
    return ok({ deliveries });
  }

  let params = matchPath("/__control/orders/:orderId", pathname);
  if (params?.orderId !== undefined && method === "GET") {
    const order = ops.getOrder(params.orderId);
    return ok({
      order: orderJson(order),
      payments: order.payments.map((p) => paymentJson(order, p, API_VERSION)),
      refunds: order.refunds.map(refundJson),
      disputes: order.disputes.map((d) => disputeJson(order, d)),
    });
  }

  params = matchPath("/__control/orders/:orderId/pay", pathname);
  if (params?.orderId !== undefined && method === "POST") {
    const order = ops.getOrder(params.orderId);
    const outcome = requireOutcome(body.outcome);
    const via = body.method === "card" ? "card" : "upi";
    const amountPaise = body.amount === undefined ? undefined : rupeesToPaise(body.amount);
    if (amountPaise === null || (amountPaise !== undefined && amountPaise <= 0)) {
      throw invalidRequest("payment_amount_invalid", "amount : must be a positive rupee amount with at most 2 decimals");
    }
    const settled = ops.pay(order, OUTCOME_INSTRUMENTS[outcome][via], { amountPaise, deliver: body.deliver !== false });
    return ok(await settledJson(order, settled));
  }

  params = matchPath("/__control/links/:linkId", pathname);
  if (params?.linkId !== undefined && method === "GET") {
    const link = getLink(ops, params.linkId);
    return ok({ link: linkJson(link), orders: linkOrders(ops, link).map(orderJson) });
  }

  // What the payer does on the link page without a browser: open the link (its order) and pay it.
  params = matchPath("/__control/links/:linkId/pay", pathname);
  if (params?.linkId !== undefined && method === "POST") {
    const link = getLink(ops, params.linkId);
    const order = openLink(ops, link);
    if (!order) throw invalidRequest("link_not_active", `link is ${link.status}, payments are not allowed`, 409);
    const outcome = requireOutcome(body.outcome);
    const via = body.method === "card" ? "card" : "upi";
    const settled = ops.pay(order, OUTCOME_INSTRUMENTS[outcome][via], { deliver: body.deliver !== false });
    return ok({ ...(await settledJson(order, settled)), link: linkJson(link) });
  }

  params = matchPath("/__control/links/:linkId/expire", pathname);
  if (params?.linkId !== undefined && method === "POST") {
    const link = getLink(ops, params.linkId);
    const change = expireLink(ops, link, body.deliver !== false);
    return ok({ link: linkJson(link), link_webhook: await linkEventJson(change) });
  }

  params = matchPath("/__control/orders/:orderId/expire", pathname);
  if (params?.orderId !== undefined && method === "POST") {
    const order = ops.getOrder(params.orderId);
    if (order.status !== "ACTIVE") throw invalidRequest("order_inactive", `order is ${order.status}`, 409);
    order.expiresAtMs = Date.now();
    order.status = "EXPIRED";
    return ok({ order: orderJson(order) });
  }

  // The phone scans the Order Pay QR (its upi://pay payload, or the payment's id) and pays it.
  if (method === "POST" && pathname === "/__control/order-pay/qr/pay") {
    const found = findOrderPayPayment(ops, { cfPaymentId: optionalString(body.cf_payment_id, "cf_payment_id"), qr: optionalString(body.qr, "qr") });
    const outcome = body.outcome ?? "success";
    if (outcome !== "success" && outcome !== "failed") throw invalidRequest("request_failed", "outcome : must be success or failed");
    const settled = actOnOrderPay(ops, found.payment, found.order, outcome, ["qrcode", "link"], body.deliver !== false);
    return ok(await settledJson(found.order, settled));
  }

  // The payer approves or declines the collect request in their UPI app, or lets it lapse.
  params = matchPath("/__control/order-pay/:cfPaymentId/collect", pathname);
  if (params?.cfPaymentId !== undefined && method === "POST") {
    const found = findOrderPayPayment(ops, { cfPaymentId: params.cfPaymentId });
    const outcome = body.outcome;
    if (outcome !== "success" && outcome !== "failed" && outcome !== "expired") {
      throw invalidRequest("request_failed", "outcome : must be success, failed or expired");
    }
    const settled = actOnOrderPay(ops, found.payment, found.order, outcome, ["collect"], body.deliver !== false);
    return ok(await settledJson(found.order, settled));
  }

  params = matchPath("/__control/payments/:cfPaymentId/resolve", pathname);
  if (params?.cfPaymentId !== undefined && method === "POST") {
    const found = ops.state.findPayment(params.cfPaymentId);
    if (!found) throw invalidRequest("payment_not_found", "payment not found", 404);
    const outcome = requireOutcome(body.outcome);
    if (outcome === "pending") throw invalidRequest("request_failed", "outcome : must be a final outcome");
    const settled = ops.resolvePending(found.order, found.payment, OUTCOME_INSTRUMENTS[outcome].upi, body.deliver !== false);
    return ok(await settledJson(found.order, settled));
  }

  params = matchPath("/__control/refunds/:refundId/settle", pathname);
  if (params?.refundId !== undefined && method === "POST") {
    const found = ops.state.findRefund(params.refundId);
    if (!found) throw invalidRequest("refund_get_not_found", "refund not found", 404);
    const status = REFUND_SETTLE_STATUSES.find((s) => s === (body.status ?? "SUCCESS"));
    if (!status) throw invalidRequest("request_failed", `status : must be one of ${REFUND_SETTLE_STATUSES.join(", ")}`);
    const settled = ops.settleRefund(found.order, found.refund, status, body.deliver !== false);
    return ok({
      refund: refundJson(settled.refund),
      webhook: { ...eventJson(settled.event), first_delivery: settled.firstDelivery ? await settled.firstDelivery : null },
    });
  }

  params = matchPath("/__control/orders/:orderId/disputes", pathname);
  if (params?.orderId !== undefined && method === "POST") {
    const order = ops.getOrder(params.orderId);
    const amountPaise = body.amount === undefined ? undefined : rupeesToPaise(body.amount);
    if (amountPaise === null) throw invalidRequest("request_failed", "amount : must be a positive rupee amount with at most 2 decimals");
    const type = body.dispute_type ?? "CHARGEBACK";
    if (typeof type !== "string" || !DISPUTE_TYPES.includes(type as DisputeType)) {
      throw invalidRequest("request_failed", `dispute_type : must be one of ${DISPUTE_TYPES.join(", ")}`);
    }
    const respondBy = optionalString(body.respond_by, "respond_by");
    const respondByMs = respondBy === undefined ? undefined : Date.parse(respondBy);
    if (respondByMs !== undefined && !Number.isFinite(respondByMs)) throw invalidRequest("request_failed", "respond_by : must be an ISO 8601 time");
    const change = ops.raiseDispute(order, {
      amountPaise,
      type: type as DisputeType,
      reasonCode: optionalString(body.reason_code, "reason_code") ?? "4855",
      reasonDescription: optionalString(body.reason_description, "reason_description") ?? "Goods or Services Not Provided",
      respondByMs,
      deliver: body.deliver !== false,
    });
    return ok(await disputeChangeJson(order, change));
  }

  params = matchPath("/__control/disputes/:disputeId/close", pathname);
  if (params?.disputeId !== undefined && method === "POST") {
    const found = ops.state.findDispute(params.disputeId);
    if (!found) throw invalidRequest("dispute_not_found", "dispute not found", 404);
    if (body.outcome !== "won" && body.outcome !== "lost") throw invalidRequest("request_failed", "outcome : must be won or lost");
    const change = ops.closeDispute(found.order, found.dispute, body.outcome, body.deliver !== false);
    return ok(await disputeChangeJson(found.order, change));
  }

  throw invalidRequest("request_failed", `no control route ${method} ${pathname}`, 404);
}

async function linkEventJson(change: LinkEventChange | null) {
  if (!change) return null;
  return { ...eventJson(change.event), first_delivery: change.firstDelivery ? await change.firstDelivery : null };
}

async function settledJson(order: EmulatorOrder, settled: SettledPayment) {
  return {
    link_webhook: await linkEventJson(settled.linkEvent),
    order: orderJson(order),
    payment: paymentJson(order, settled.payment, API_VERSION),
    webhook: settled.event
      ? { ...eventJson(settled.event), first_delivery: settled.firstDelivery ? await settled.firstDelivery : null }
      : null,
  };
}

async function disputeChangeJson(order: EmulatorOrder, change: DisputeChange) {
  return {
    dispute: disputeJson(order, change.dispute),
    webhook: { ...eventJson(change.event), first_delivery: change.firstDelivery ? await change.firstDelivery : null },
  };
}

function eventJson(event: WebhookEvent) {
  return {
    event_id: event.eventId,
    type: event.type,
    idempotency_key: event.idempotencyKey,
    raw_body: event.rawBody,
    body: JSON.parse(event.rawBody) as unknown,
  };
}

function latestEvent(ops: EmulatorOperations, order: EmulatorOrder, cfPaymentId: string | undefined): WebhookEvent {
  let payment: EmulatorPayment | undefined;
  if (cfPaymentId !== undefined) {
    payment = order.payments.find((p) => p.cfPaymentId === cfPaymentId);
    if (!payment) throw invalidRequest("payment_not_found", `payment ${cfPaymentId} not found on order`, 404);
  } else {
    payment = [...order.payments].reverse().find((p) => p.eventIds.length > 0);
  }
  const eventId = payment?.eventIds.at(-1);
  const event = eventId ? ops.state.events.get(eventId) : undefined;
  if (!event) throw invalidRequest("request_failed", "no webhook has been generated for this order/payment yet", 409);
  return event;
}

/**
 * A sequence item picks an event by `cf_payment_id`, `refund_id`, `dispute_id` (its latest, or its latest of
 * `type`) or webhook `type` (latest of that type).
 */
function selectEvent(ops: EmulatorOperations, order: EmulatorOrder, spec: Record<string, unknown>): WebhookEvent {
  const disputeId = optionalString(spec.dispute_id, "dispute_id");
  if (disputeId !== undefined) {
    const wanted = optionalString(spec.type, "type");
    const ids = order.disputes.find((d) => d.cfDisputeId === disputeId)?.eventIds ?? [];
    const event = ids
      .map((id) => ops.state.events.get(id))
      .filter((e): e is WebhookEvent => e !== undefined && (wanted === undefined || e.type === wanted))
      .at(-1);
    if (!event) throw invalidRequest("request_failed", `no ${wanted ?? ""} webhook for dispute ${disputeId}`.replace("  ", " "), 409);
    return event;
  }
  const refundId = optionalString(spec.refund_id, "refund_id");
  if (refundId !== undefined) {
    const eventId = order.refunds.find((r) => r.refundId === refundId)?.eventIds.at(-1);
    const event = eventId ? ops.state.events.get(eventId) : undefined;
    if (!event) throw invalidRequest("request_failed", `no webhook for refund ${refundId}`, 409);
    return event;
  }
  const cfPaymentId = optionalString(spec.cf_payment_id, "cf_payment_id");
  if (cfPaymentId !== undefined) return latestEvent(ops, order, cfPaymentId);
  const type = optionalString(spec.type, "type");
  if (type === undefined) throw invalidRequest("request_failed", "events[] : needs cf_payment_id, refund_id, dispute_id or type");
  const linkEventIds = order.linkId ? (ops.state.links.get(order.linkId)?.eventIds ?? []) : [];
  const events = [
    ...order.payments.flatMap((p) => p.eventIds),
    ...order.refunds.flatMap((r) => r.eventIds),
    ...order.disputes.flatMap((d) => d.eventIds),
    ...linkEventIds,
  ]
    .map((id) => ops.state.events.get(id))
    .filter((event): event is WebhookEvent => event?.type === type);
  const event = events.at(-1);
  if (!event) throw invalidRequest("request_failed", `no ${type} event on order ${order.orderId}`, 409);
  return event;
}

function deliveryOptions(spec: Record<string, unknown>): DeliveryOptions {
  const signature = spec.signature ?? "valid";
  if (signature !== "valid" && signature !== "bad") throw invalidRequest("request_failed", "signature : must be valid or bad");
  const offset = spec.timestamp_offset_ms ?? 0;
  if (typeof offset !== "number" || !Number.isFinite(offset)) throw invalidRequest("request_failed", "timestamp_offset_ms : must be a number");
  return { signature, timestampOffsetMs: offset };
}

function applyConfig(body: Record<string, unknown>, ops: EmulatorOperations): void {
  const config = ops.state.config;
  if (body.webhookRetryDelaysMs !== undefined) {
    const delays = body.webhookRetryDelaysMs;
    if (!Array.isArray(delays) || !delays.every((d): d is number => typeof d === "number" && d >= 0)) {
      throw invalidRequest("request_failed", "webhookRetryDelaysMs : must be an array of non-negative numbers");
    }
    config.webhookRetryDelaysMs = delays;
  }
  if (body.refundSettleDelayMs !== undefined) {
    const delay = body.refundSettleDelayMs;
    if (delay !== null && (typeof delay !== "number" || delay < 0)) {
      throw invalidRequest("request_failed", "refundSettleDelayMs : must be null or a non-negative number");
    }
    config.refundSettleDelayMs = delay;
  }
  if (body.webhookTimeoutMs !== undefined) {
    if (typeof body.webhookTimeoutMs !== "number" || body.webhookTimeoutMs <= 0) {
      throw invalidRequest("request_failed", "webhookTimeoutMs : must be a positive number");
    }
    config.webhookTimeoutMs = body.webhookTimeoutMs;
  }
  if (body.settlementDelayMs !== undefined) {
    const delay = body.settlementDelayMs;
    if (delay !== null && (typeof delay !== "number" || delay < 0)) {
      throw invalidRequest("request_failed", "settlementDelayMs : must be null or a non-negative number");
    }
    config.settlementDelayMs = delay;
  }
  if (body.disabledPaymentMethods !== undefined) {
    const methods = body.disabledPaymentMethods;
    if (!Array.isArray(methods) || !methods.every((m): m is string => typeof m === "string")) {
      throw invalidRequest("request_failed", "disabledPaymentMethods : must be an array of payment method names");
    }
    config.disabledPaymentMethods = methods;
  }
  if (body.settlementFeeBps !== undefined) {
    const bps = body.settlementFeeBps;
    if (typeof bps !== "number" || !Number.isInteger(bps) || bps < 0 || bps > 10_000) {
      throw invalidRequest("request_failed", "settlementFeeBps : must be an integer between 0 and 10000");
    }
    config.settlementFeeBps = bps;
  }
}

function requireNotifyUrl(ops: EmulatorOperations, order: EmulatorOrder): string {
  const url = ops.notifyUrl(order);
  if (!url) throw invalidRequest("request_failed", "order has no notify_url and the emulator has no default", 409);
  return url;
}

function requireOutcome(value: unknown): Outcome {
  if (typeof value === "string" && Object.hasOwn(OUTCOME_INSTRUMENTS, value)) return value as Outcome;
  throw invalidRequest("request_failed", `outcome : must be one of ${Object.keys(OUTCOME_INSTRUMENTS).join(", ")}`);
}

function requireString(value: unknown, field: string): string {
  if (typeof value === "string" && value !== "") return value;
  throw invalidRequest("request_failed", `${field} : is required`);
}

function optionalString(value: unknown, field: string): string | undefined {
  if (value === undefined || value === null) return undefined;
  if (typeof value === "string") return value;
  if (typeof value === "number") return String(value);
  throw invalidRequest("request_failed", `${field} : must be a string`);
}

function optionalInt(value: unknown, field: string, min: number, max: number): number | undefined {
  if (value === undefined) return undefined;
  if (typeof value === "number" && Number.isInteger(value) && value >= min && value <= max) return value;
  throw invalidRequest("request_failed", `${field} : must be an integer between ${min} and ${max}`);
}
