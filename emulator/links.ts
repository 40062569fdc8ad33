import { randomBytes } from "node:crypto";
import { paiseToRupees, rupeesToPaise, toIstIso } from "./format";
import { invalidRequest, isRecord } from "./http";
import type { EmulatorOperations } from "./operations";
import {
  newPaymentSessionId,
  refreshLink,
  refreshOrder,
  type EmulatorLink,
  type EmulatorOrder,
  type EmulatorPayment,
  type WebhookDelivery,
  type WebhookEvent,
} from "./state";

const ID_PATTERN = /^[A-Za-z0-9_-]+$/;
const EMAIL_PATTERN = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;
const PHONE_PATTERN = /^(?:\+91|91|0)?[6-9]\d{9}$/;
const DAY_MS = 24 * 60 * 60 * 1000;
/** Cashfree's default link validity. */
const DEFAULT_LINK_TTL_MS = 30 * DAY_MS;
/** The order a link page opens stays payable this long (or until the link expires, if sooner). */
const LINK_ORDER_TTL_MS = 30 * 60 * 1000;

export const PAYMENT_LINK_WEBHOOK_TYPE = "PAYMENT_LINK_EVENT";

export type LinkEventChange = { event: WebhookEvent; firstDelivery: Promise<WebhookDelivery> | null };

/** The Payment Links API entity (Create, Fetch and Cancel Payment Link answers). */
export function linkJson(link: EmulatorLink) {
  return {
    cf_link_id: link.cfLinkId,
    link_id: link.linkId,
    link_status: link.status,
    link_currency: link.currency,
    link_amount: paiseToRupees(link.amountPaise),
    link_amount_paid: paiseToRupees(link.amountPaidPaise),
    link_partial_payments: link.partialPayments,
    link_minimum_partial_amount: link.minimumPartialAmountPaise === null ? null : paiseToRupees(link.minimumPartialAmountPaise),
    link_purpose: link.purpose,
    link_created_at: toIstIso(link.createdAtMs),
    customer_details: { ...link.customer },
    link_meta: { notify_url: link.notifyUrl, return_url: link.returnUrl, upi_intent: false, payment_methods: null },
    link_url: link.linkUrl,
    link_expiry_time: toIstIso(link.expiresAtMs),
    link_notes: link.notes,
    link_auto_reminders: link.autoReminders,
    link_notify: { ...link.notify },
    link_qrcode: null,
    order_splits: [],
  };
}

/**
 * PAYMENT_LINK_EVENT (version 1) as Cashfree's "Payment Link Webhooks" page shows it: money as strings with two
 * decimals, `cf_link_id` and `transaction_id` as numbers, `order` null for a cancelled or expired link.
 */
export function linkWebhookPayload(link: EmulatorLink, paid: { order: EmulatorOrder; payment: EmulatorPayment } | null, eventTimeMs: number) {
  const rupees = (paise: number) => paiseToRupees(paise).toFixed(2);
  return {
    data: {
      cf_link_id: Number(link.cfLinkId),
      link_id: link.linkId,
      link_status: link.status,
      link_currency: link.currency,
      link_amount: rupees(link.amountPaise),
      link_amount_paid: rupees(link.amountPaidPaise),
      link_partial_payments: link.partialPayments,
      link_minimum_partial_amount: link.minimumPartialAmountPaise === null ? null : rupees(link.minimumPartialAmountPaise),
      link_purpose: link.purpose,
      link_created_at: toIstIso(link.createdAtMs),
      customer_details: { customer_phone: link.customer.customer_phone, customer_email: link.customer.customer_email, customer_name: link.customer.customer_name },
      link_meta: { notify_url: link.notifyUrl },
      link_url: link.linkUrl,
      link_expiry_time: toIstIso(link.expiresAtMs),
      link_notes: link.notes,
      link_auto_reminders: link.autoReminders,
      link_notify: { ...link.notify },
      order: paid
        ? {
            order_amount: rupees(paid.order.amountPaise),
            order_id: paid.order.orderId,
            order_expiry_time: toIstIso(paid.order.expiresAtMs),
            order_hash: paid.order.paymentSessionId.slice(8, 28),
            transaction_id: Number(paid.payment.cfPaymentId),
            transaction_status: paid.payment.status,
          }
        : null,
    },
    type: PAYMENT_LINK_WEBHOOK_TYPE,
    version: 1,
    event_time: toIstIso(eventTimeMs),
  };
}

/** POST /pg/links: validates as Cashfree does and stores an ACTIVE link whose `link_url` is the emulator's `/links/<hash>` page. */
export function createLink(body: Record<string, unknown>, ops: EmulatorOperations, origin: string): EmulatorLink {
  const linkId = body.link_id;
  if (typeof linkId !== "string" || linkId.length < 1 || linkId.length > 50 || !ID_PATTERN.test(linkId)) {
    throw invalidRequest("link_id_invalid", "link_id : should be 1-50 characters of alphanumeric, '_' or '-'");
  }
  const amountPaise = rupeesToPaise(body.link_amount);
  if (amountPaise === null) throw invalidRequest("link_amount_invalid", "link_amount : must be a number with at most 2 decimal places");
  if (amountPaise < 100) throw invalidRequest("link_amount_invalid", "link_amount : should be greater than or equal to 1.00");
  if (body.link_currency !== "INR") throw invalidRequest("request_failed", "link_currency : only INR is supported");
  const purpose = body.link_purpose;
  if (typeof purpose !== "string" || purpose.length < 1 || purpose.length > 500) {
    throw invalidRequest("link_purpose_invalid", "link_purpose : is missing or longer than 500 characters");
  }
  const customer = body.customer_details;
  if (!isRecord(customer)) throw invalidRequest("request_failed", "customer_details : is missing in the request");
  const phone = customer.customer_phone;
  if (typeof phone !== "string" || !PHONE_PATTERN.test(phone)) {
    throw invalidRequest("customer_phone_invalid", "customer_details.customer_phone : is missing or invalid in the request");
  }
  const email = optionalString(customer.customer_email);
  if (email !== null && !EMAIL_PATTERN.test(email)) throw invalidRequest("customer_email_invalid", "customer_details.customer_email : is invalid");
  if (body.link_partial_payments === true) throw invalidRequest("request_failed", "link_partial_payments : not supported by the emulator");

  const now = Date.now();
  let expiresAtMs = now + DEFAULT_LINK_TTL_MS;
  if (body.link_expiry_time !== undefined) {
    const parsed = typeof body.link_expiry_time === "string" ? Date.parse(body.link_expiry_time) : Number.NaN;
    if (!Number.isFinite(parsed) || parsed <= now) throw invalidRequest("link_expiry_time_invalid", "link_expiry_time : must be a future ISO 8601 time");
    expiresAtMs = parsed;
  }
  const meta = isRecord(body.link_meta) ? body.link_meta : {};
  const notify = isRecord(body.link_notify) ? body.link_notify : {};
  const notes = isRecord(body.link_notes)
    ? Object.fromEntries(Object.entries(body.link_notes).filter((entry): entry is [string, string] => typeof entry[1] === "string"))
    : null;
  if (ops.state.links.has(linkId)) throw invalidRequest("link_id_already_exists", "link with same link_id is already present", 409);

  const hash = randomBytes(9).toString("base64url");
  const link: EmulatorLink = {
    cfLinkId: ops.state.numericId(),
    linkId,
    hash,
    linkUrl: `${origin.replace(/\/+$/, "")}/links/${hash}`,
    status: "ACTIVE",
    amountPaise,
    amountPaidPaise: 0,
    currency: "INR",
    purpose,
    partialPayments: false,
    minimumPartialAmountPaise: null,
    createdAtMs: now,
    expiresAtMs,
    customer: { customer_phone: phone, customer_email: email, customer_name: optionalString(customer.customer_name) },
    notifyUrl: optionalUrl(meta.notify_url, "link_meta.notify_url"),
    returnUrl: optionalUrl(meta.return_url, "link_meta.return_url"),
    notes,
    autoReminders: body.link_auto_reminders === true,
    notify: { send_sms: notify.send_sms !== false, send_email: notify.send_email !== false },
    orderIds: [],
    eventIds: [],
  };
  ops.state.links.set(linkId, link);
  ops.state.linksByHash.set(hash, link);
  return link;
}

export function getLink(ops: EmulatorOperations, linkId: string): EmulatorLink {
  const link = ops.state.links.get(linkId);
  if (!link) throw invalidRequest("link_not_found", "link not found for the given link_id", 404);
  return refreshLink(link, Date.now());
}

export function linkOrders(ops: EmulatorOperations, link: EmulatorLink): EmulatorOrder[] {
  return link.orderIds.map((id) => ops.state.orders.get(id)).filter((o): o is EmulatorOrder => o !== undefined).map((o) => refreshOrder(o, Date.now()));
}

/** POST /pg/links/:link_id/cancel: only an ACTIVE link; its open order is terminated and PAYMENT_LINK_EVENT (CANCELLED) sent. */
export function cancelLink(ops: EmulatorOperations, link: EmulatorLink, deliver = true): EmulatorLink {
  refreshLink(link, Date.now());
  if (link.status !== "ACTIVE") throw invalidRequest("link_not_active", `link is ${link.status}; only a link in ACTIVE status can be cancelled`);
  link.status = "CANCELLED";
  for (const order of linkOrders(ops, link)) if (order.status === "ACTIVE") ops.terminate(order);
  emitLinkEvent(ops, link, null, deliver);
  return link;
}

/**
 * The order behind the link page (GET /links/:hash): the link's open order if it has one (so two tabs pay the same
 * order and the second is refused as already paid), else a new `CFPay_<hash>_<random>` order tagged with the link.
 * Null when the link takes no payment (paid, cancelled, expired).
 */
export function openLink(ops: EmulatorOperations, link: EmulatorLink): EmulatorOrder | null {
  const now = Date.now();
  refreshLink(link, now);
  if (link.status !== "ACTIVE") return null;
  const open = linkOrders(ops, link).find((o) => o.status === "ACTIVE");
  if (open) return open;
  const order: EmulatorOrder = {
    cfOrderId: ops.state.numericId(),
    orderId: `CFPay_${link.hash}_${randomBytes(6).toString("hex")}`,
    amountPaise: link.amountPaise - link.amountPaidPaise,
    currency: "INR",
    status: "ACTIVE",
    paymentSessionId: newPaymentSessionId(),
    createdAtMs: now,
    expiresAtMs: Math.min(link.expiresAtMs, now + LINK_ORDER_TTL_MS),
    customer: { customer_id: `link_${link.cfLinkId}`, ...link.customer },
    returnUrl: link.returnUrl,
    notifyUrl: link.notifyUrl,
    paymentMethods: null,
    note: link.purpose.slice(0, 200),
    tags: { link_id: link.linkId, cf_link_id: link.cfLinkId },
    linkId: link.linkId,
    payments: [],
    refunds: [],
    disputes: [],
  };
  ops.state.orders.set(order.orderId, order);
  ops.state.ordersBySession.set(order.paymentSessionId, order);
  link.orderIds.push(order.orderId);
  return order;
}

/** A successful payment on a link's order: the link is PAID and PAYMENT_LINK_EVENT goes to its notify_url. */
export function recordLinkPayment(ops: EmulatorOperations, order: EmulatorOrder, payment: EmulatorPayment, deliver: boolean): LinkEventChange | null {
  if (!order.linkId || payment.status !== "SUCCESS") return null;
  const link = ops.state.links.get(order.linkId);
  if (!link) return null;
  link.amountPaidPaise += payment.amountPaise;
  link.status = link.amountPaidPaise >= link.amountPaise ? "PAID" : "PARTIALLY_PAID";
  return emitLinkEvent(ops, link, { order, payment }, deliver);
}

/** Control API: the link expires now (PAYMENT_LINK_EVENT with EXPIRED, its open order expires too). */
export function expireLink(ops: EmulatorOperations, link: EmulatorLink, deliver = true): LinkEventChange {
  if (link.status !== "ACTIVE") throw invalidRequest("link_not_active", `link is ${link.status}`, 409);
  const now = Date.now();
  link.expiresAtMs = now;
  link.status = "EXPIRED";
  for (const order of linkOrders(ops, link)) {
    if (order.status === "ACTIVE") {
      order.expiresAtMs = now;
      order.status = "EXPIRED";
    }
  }
  return emitLinkEvent(ops, link, null, deliver);
}

function emitLinkEvent(ops: EmulatorOperations, link: EmulatorLink, paid: { order: EmulatorOrder; payment: EmulatorPayment } | null, deliver: boolean): LinkEventChange {
  const event = ops.sender.createEvent({
    type: PAYMENT_LINK_WEBHOOK_TYPE,
    orderId: paid?.order.orderId ?? link.linkId,
    cfPaymentId: paid?.payment.cfPaymentId,
    payload: linkWebhookPayload(link, paid, Date.now()),
  });
  link.eventIds.push(event.eventId);
  const url = link.notifyUrl ?? ops.defaultNotifyUrl;
  const firstDelivery = deliver && url ? ops.sender.deliverWithRetries(event, url) : null;
  return { event, firstDelivery };
}

function optionalString(value: unknown): string | null {
  return typeof value === "string" && value !== "" ? value : null;
}

function optionalUrl(value: unknown, field: string): string | null {
  if (value === undefined || value === null || value === "") return null;
  if (typeof value === "string") {
    try {
      const parsed = new URL(value.replaceAll("{order_id}", "x").replaceAll("{link_id}", "x"));
      if (parsed.protocol === "http:" || parsed.protocol === "https:") return value;
    } catch {
      // fall through
    }
  }
  throw invalidRequest("request_failed", `${field} : must be an http(s) URL`);
}
