import { randomBytes } from "node:crypto";
import type { IncomingMessage, ServerResponse } from "node:http";
import { disputeJson, orderJson, paymentJson, refundJson } from "./entities";
import { rupeesToPaise } from "./format";
import { CashfreeHttpError, invalidRequest, isRecord, matchPath, parseJsonObject, readBody, send, sendJson } from "./http";
import type { EmulatorOperations } from "./operations";
import { cancelLink, createLink, getLink, linkJson, linkOrders } from "./links";
import { settlementsRoute } from "./settlements-api";
import { orderPay } from "./order-pay";
import { newPaymentSessionId, type EmulatorOrder, type StoredIdempotentResponse } from "./state";

export const SUPPORTED_API_VERSIONS = ["2022-09-01", "2023-08-01", "2025-01-01"];
const DEFAULT_ORDER_TTL_MS = 30 * 60 * 1000;
const MAX_ORDER_TTL_MS = 30 * 24 * 60 * 60 * 1000;
const ID_PATTERN = /^[A-Za-z0-9_-]+$/;
const EMAIL_PATTERN = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;
const PHONE_PATTERN = /^(?:\+91|91|0)?[6-9]\d{9}$/;

type Credentials = { clientId: string; clientSecret: string };
type ApiResult = { status: number; body: unknown };

/** `/pg/...`: the Cashfree Orders/Payments/Refunds API (version 2025-01-01 shapes). */
export async function handleOrdersApi(
  req: IncomingMessage,
  res: ServerResponse,
  pathname: string,
  ops: EmulatorOperations,
  credentials: Credentials,
  /** Origin of the emulator as browsers reach it (link_url of new payment links). */
  origin: string,
): Promise<void> {
  const method = req.method ?? "GET";
  const rawBody = await readBody(req);
  const requestId = header(req, "x-request-id");
  const responseHeaders: Record<string, string> = requestId ? { "x-request-id": requestId } : {};

  if (header(req, "x-client-id") !== credentials.clientId || header(req, "x-client-secret") !== credentials.clientSecret) {
    sendJson(res, 401, { message: "authentication Failed", code: "request_failed", type: "authentication_error" }, responseHeaders);
    return;
  }
  const apiVersion = header(req, "x-api-version");
  if (!apiVersion || !SUPPORTED_API_VERSIONS.includes(apiVersion)) {
    const message = apiVersion ? `x-api-version : ${apiVersion} is not a supported version` : "x-api-version : header missing in request";
    sendJson(res, 400, { message, code: "version_invalid", type: "invalid_request_error" }, responseHeaders);
    return;
  }

  // Per Cashfree: the first status+body for an idempotency key is saved and replayed, errors included.
  const idempotencyKey = method === "POST" || method === "PATCH" ? header(req, "x-idempotency-key") : undefined;
  if (idempotencyKey) {
    const stored = ops.state.idempotency.get(idempotencyKey);
    if (stored) {
      send(res, stored.status, stored.body, "application/json; charset=utf-8", { ...responseHeaders, "x-idempotency-replayed": "true" });
      return;
    }
  }

  const run = async (): Promise<StoredIdempotentResponse> => {
    let result: ApiResult;
    try {
      result = await route(method, pathname, rawBody, apiVersion, ops, header(req, "content-type"), origin);
    } catch (error) {
      if (!(error instanceof CashfreeHttpError)) throw error;
      result = { status: error.status, body: error.body };
    }
    return { status: result.status, body: JSON.stringify(result.body) };
  };
  if (!idempotencyKey) {
    const result = await run();
    send(res, result.status, result.body, "application/json; charset=utf-8", responseHeaders);
    return;
  }
  // Concurrent requests with one key share the first one's work: only one operation runs.
  let inFlight = ops.state.idempotencyInFlight.get(idempotencyKey);
  const first = inFlight === undefined;
  if (!inFlight) {
    inFlight = run().then((result) => {
      ops.state.idempotency.set(idempotencyKey, result);
      return result;
    });
    ops.state.idempotencyInFlight.set(idempotencyKey, inFlight);
    void inFlight.finally(() => ops.state.idempotencyInFlight.delete(idempotencyKey)).catch(() => undefined);
  }
  const result = await inFlight;
  const replayed: Record<string, string> = first ? {} : { "x-idempotency-replayed": "true" };
  send(res, result.status, result.body, "application/json; charset=utf-8", { ...responseHeaders, ...replayed });
}

async function route(
  method: string,
  pathname: string,
  rawBody: string,
  apiVersion: string,
  ops: EmulatorOperations,
  contentType: string | undefined,
  origin: string,
): Promise<ApiResult> {
  const settlements = settlementsRoute(method, pathname, rawBody, ops);
  if (settlements) return settlements;
  const links = linksRoute(method, pathname, rawBody, ops, origin);
  if (links) return links;
  if (method === "POST" && pathname === "/pg/orders/sessions") return { status: 200, body: orderPay(parseJsonObject(rawBody), ops, origin) };
  if (method === "POST" && pathname === "/pg/orders") return { status: 200, body: orderJson(createOrder(parseJsonObject(rawBody), ops)) };

  let params = matchPath("/pg/orders/:orderId", pathname);
  if (params?.orderId !== undefined) {
    const order = ops.getOrder(params.orderId);
    if (method === "GET") return { status: 200, body: orderJson(order) };
    if (method === "PATCH") {
      const body = parseJsonObject(rawBody);
      if (body.order_status !== "TERMINATED") {
        throw invalidRequest("request_failed", "order_status : only TERMINATED is supported");
      }
      return { status: 200, body: orderJson(ops.terminate(order)) };
    }
  }

  params = matchPath("/pg/orders/:orderId/payments", pathname);
  if (params?.orderId !== undefined && method === "GET") {
    const order = ops.getOrder(params.orderId);
    return { status: 200, body: order.payments.map((payment) => paymentJson(order, payment, apiVersion)) };
  }

  params = matchPath("/pg/orders/:orderId/refunds", pathname);
  if (params?.orderId !== undefined) {
    const order = ops.getOrder(params.orderId);
    if (method === "GET") return { status: 200, body: order.refunds.map(refundJson) };
    if (method === "POST") return { status: 200, body: refundJson(createRefund(order, parseJsonObject(rawBody), ops)) };
  }

  params = matchPath("/pg/orders/:orderId/refunds/:refundId", pathname);
  if (params?.orderId !== undefined && params.refundId !== undefined && method === "GET") {
    const order = ops.getOrder(params.orderId);
    const refund = order.refunds.find((r) => r.refundId === params?.refundId);
    if (!refund) throw invalidRequest("refund_get_not_found", "refund not found for the given refund_id", 404);
    return { status: 200, body: refundJson(refund) };
  }

  params = matchPath("/pg/orders/:orderId/disputes", pathname);
  if (params?.orderId !== undefined && method === "GET") {
    const order = ops.getOrder(params.orderId);
    return { status: 200, body: order.disputes.map((d) => disputeJson(order, d)) };
  }

  params = matchPath("/pg/payments/:cfPaymentId/disputes", pathname);
  if (params?.cfPaymentId !== undefined && method === "GET") {
    const found = ops.state.findPayment(params.cfPaymentId);
    if (!found) throw invalidRequest("payment_not_found", "payment not found for the given cf_payment_id", 404);
    const { order, payment } = found;
    return { status: 200, body: order.disputes.filter((d) => d.cfPaymentId === payment.cfPaymentId).map((d) => disputeJson(order, d)) };
  }

  params = matchPath("/pg/disputes/:disputeId", pathname);
  if (params?.disputeId !== undefined && method === "GET") {
    const { order, dispute } = findDispute(ops, params.disputeId);
    return { status: 200, body: disputeJson(order, dispute) };
  }

  params = matchPath("/pg/disputes/:disputeId/accept", pathname);
  if (params?.disputeId !== undefined && method === "PUT") {
    const { order, dispute } = findDispute(ops, params.disputeId);
    ops.acceptDispute(order, dispute);
    return { status: 200, body: disputeJson(order, dispute) };
  }

  params = matchPath("/pg/disputes/:disputeId/documents", pathname);
  if (params?.disputeId !== undefined && method === "POST") {
    const { order, dispute } = findDispute(ops, params.disputeId);
    const form = await parseMultipart(rawBody, contentType);
    const file = form.get("file");
    const docType = form.get("doc_type");
    const note = form.get("note");
    if (typeof docType !== "string" || docType === "") throw invalidRequest("request_failed", "doc_type : is missing in the request");
    if (file === null || typeof file === "string") throw invalidRequest("request_failed", "file : is missing in the request");
    ops.submitDisputeEvidence(order, dispute, {
      documentName: file.name || "document",
      documentType: docType,
      note: typeof note === "string" && note !== "" ? note : null,
      sizeBytes: file.size,
    });
    return { status: 200, body: disputeJson(order, dispute) };
  }

  throw invalidRequest("request_failed", "bad URL, please check API documentation", 404);
}

/** Payment Links: Create (POST /pg/links), Fetch, Cancel, Get Orders for a Payment Link. */
function linksRoute(method: string, pathname: string, rawBody: string, ops: EmulatorOperations, origin: string): ApiResult | null {
  if (method === "POST" && pathname === "/pg/links") return { status: 200, body: linkJson(createLink(parseJsonObject(rawBody), ops, origin)) };
  let params = matchPath("/pg/links/:linkId", pathname);
  if (params?.linkId !== undefined && method === "GET") return { status: 200, body: linkJson(getLink(ops, params.linkId)) };
  params = matchPath("/pg/links/:linkId/cancel", pathname);
  if (params?.linkId !== undefined && method === "POST") return { status: 200, body: linkJson(cancelLink(ops, getLink(ops, params.linkId))) };
  params = matchPath("/pg/links/:linkId/orders", pathname);
  if (params?.linkId !== undefined && method === "GET") return { status: 200, body: linkOrders(ops, getLink(ops, params.linkId)).map(orderJson) };
  return null;
}

function findDispute(ops: EmulatorOperations, disputeId: string) {
  const found = ops.state.findDispute(disputeId);
  if (!found) throw invalidRequest("dispute_not_found", "dispute not found for the given dispute_id", 404);
  return found;
}

async function parseMultipart(rawBody: string, contentType: string | undefined): Promise<FormData> {
  if (!contentType?.startsWith("multipart/form-data")) throw invalidRequest("request_failed", "Content-Type : must be multipart/form-data");
  try {
    return await new Response(rawBody, { headers: { "content-type": contentType } }).formData();
  } catch {
    throw invalidRequest("request_failed", "request body is not valid multipart/form-data");
  }
}

function createOrder(body: Record<string, unknown>, ops: EmulatorOperations): EmulatorOrder {
  const amountPaise = rupeesToPaise(body.order_amount);
  if (amountPaise === null) {
    throw invalidRequest("order_amount_invalid", "order_amount : must be a number with at most 2 decimal places");
  }
  if (amountPaise < 100) throw invalidRequest("order_amount_invalid", "order_amount : should be greater than or equal to 1.00");

  if (body.order_currency !== "INR") throw invalidRequest("request_failed", "order_currency : only INR is supported");

  let orderId: string;
  if (body.order_id === undefined) {
    orderId = `order_${randomBytes(12).toString("hex")}`;
  } else if (typeof body.order_id !== "string" || body.order_id.length < 3 || body.order_id.length > 45 || !ID_PATTERN.test(body.order_id)) {
    throw invalidRequest("order_id_invalid", "order_id : should be 3-45 characters of alphanumeric, '_' or '-'");
  } else {
    orderId = body.order_id;
  }

  const customer = body.customer_details;
  if (!isRecord(customer)) throw invalidRequest("request_failed", "customer_details : is missing in the request");
  const customerId = customer.customer_id;
  if (typeof customerId !== "string" || customerId.length < 1 || customerId.length > 50 || !ID_PATTERN.test(customerId)) {
    throw invalidRequest("request_failed", "customer_details.customer_id : is missing or invalid in the request");
  }
  const phone = customer.customer_phone;
  if (typeof phone !== "string" || !PHONE_PATTERN.test(phone)) {
    throw invalidRequest("customer_phone_invalid", "customer_details.customer_phone : is missing or invalid in the request");
  }
  const email = optionalString(customer.customer_email);
  if (email !== null && !EMAIL_PATTERN.test(email)) {
    throw invalidRequest("customer_email_invalid", "customer_details.customer_email : is invalid");
  }

  const now = Date.now();
  let expiresAtMs = now + DEFAULT_ORDER_TTL_MS;
  if (body.order_expiry_time !== undefined) {
    const parsed = typeof body.order_expiry_time === "string" ? Date.parse(body.order_expiry_time) : Number.NaN;
    if (!Number.isFinite(parsed) || parsed <= now || parsed > now + MAX_ORDER_TTL_MS) {
      throw invalidRequest("order_expiry_time_invalid", "order_expiry_time : must be a future ISO 8601 time within 30 days");
    }
    expiresAtMs = parsed;
  }

  const meta = isRecord(body.order_meta) ? body.order_meta : {};
  const returnUrl = optionalUrl(meta.return_url, "order_meta.return_url");
  const notifyUrl = optionalUrl(meta.notify_url, "order_meta.notify_url");
  const tags = isRecord(body.order_tags)
    ? Object.fromEntries(Object.entries(body.order_tags).filter((entry): entry is [string, string] => typeof entry[1] === "string"))
    : null;

  if (ops.state.orders.has(orderId)) throw invalidRequest("order_already_exists", "order with same id is already present", 409);

  const order: EmulatorOrder = {
    cfOrderId: ops.state.numericId(),
    orderId,
    amountPaise,
    currency: "INR",
    status: "ACTIVE",
    paymentSessionId: newPaymentSessionId(),
    createdAtMs: now,
    expiresAtMs,
    customer: {
      customer_id: customerId,
      customer_phone: phone,
      customer_email: email,
      customer_name: optionalString(customer.customer_name),
    },
    returnUrl,
    notifyUrl,
    paymentMethods: optionalString(meta.payment_methods),
    note: optionalString(body.order_note),
    tags,
    linkId: null,
    payments: [],
    refunds: [],
    disputes: [],
  };
  ops.state.orders.set(orderId, order);
  ops.state.ordersBySession.set(order.paymentSessionId, order);
  return order;
}

function createRefund(order: EmulatorOrder, body: Record<string, unknown>, ops: EmulatorOperations) {
  const refundId = body.refund_id;
  if (typeof refundId !== "string" || refundId.length < 3 || refundId.length > 40 || !ID_PATTERN.test(refundId)) {
    throw invalidRequest("refund_id_invalid", "refund_id : should be 3-40 characters of alphanumeric, '_' or '-'");
  }
  const amountPaise = rupeesToPaise(body.refund_amount);
  if (amountPaise === null || amountPaise <= 0) {
    throw invalidRequest("refund_amount_invalid", "refund_amount : must be a positive number with at most 2 decimal places");
  }
  const speed = body.refund_speed === undefined ? "STANDARD" : body.refund_speed;
  if (speed !== "STANDARD" && speed !== "INSTANT") throw invalidRequest("request_failed", "refund_speed : must be STANDARD or INSTANT");
  return ops.createRefund(order, { refundId, amountPaise, note: optionalString(body.refund_note), speed });
}

function optionalString(value: unknown): string | null {
  return typeof value === "string" && value !== "" ? value : null;
}

function optionalUrl(value: unknown, field: string): string | null {
  if (value === undefined || value === null || value === "") return null;
  if (typeof value === "string") {
    try {
      // `{order_id}` is a placeholder Cashfree substitutes; it is not itself a valid URL character.
      const parsed = new URL(value.replaceAll("{order_id}", "x"));
      if (parsed.protocol === "http:" || parsed.protocol === "https:") return value;
    } catch {
      // fall through
    }
  }
  throw invalidRequest("request_failed", `${field} : must be an http(s) URL`);
}

function header(req: IncomingMessage, name: string): string | undefined {
  const value = req.headers[name];
  return (Array.isArray(value) ? value[0] : value) || undefined;
}
