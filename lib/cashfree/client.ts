import { randomUUID } from "node:crypto";
import type { z } from "zod";
import { CashfreeNetworkError } from "./errors";
import { orderPayResponseSchema, type OrderPayRequest, type OrderPayResponse } from "./order-pay";
import { parseSuccess, toApiError } from "./response";
import { backoffDelayMs, rateLimitDelayMs } from "./retry-policy";
import {
  planSchema,
  subscriptionPaymentSchema,
  subscriptionSchema,
  type CashfreePlan,
  type CashfreeSubscription,
  type CashfreeSubscriptionPayment,
  type CreatePlanRequest,
  type CreateSubscriptionRequest,
  type ManageSubscriptionAction,
  type RaiseChargeRequest,
} from "./subscriptions";
import {
  disputeListSchema,
  disputeSchema,
  linkOrderListSchema,
  linkSchema,
  orderSchema,
  orderSettlementSchema,
  reconPageSchema,
  settlementPageSchema,
  paymentListSchema,
  refundSchema,
  type CashfreeOrder,
  type CashfreeOrderSettlement,
  type CashfreePayment,
  type CashfreeReconPage,
  type CashfreeSettlementPage,
  type CashfreeRefund,
  type CashfreeLink,
  type CreateLinkRequest,
  type CreateOrderRequest,
  type CreateRefundRequest,
  type SettlementQuery,
  type CashfreeDispute,
  type DisputeEvidenceDocument,
} from "./types";

export type CashfreeEnv = "emulator" | "sandbox" | "production";

export const CASHFREE_BASE_URLS = {
  sandbox: "https://sandbox.cashfree.com/pg",
  production: "https://api.cashfree.com/pg",
} as const;

export type CashfreeLogEntry = {
  requestId: string;
  method: string;
  path: string;
  attempt: number;
  status?: number;
  durationMs: number;
  outcome: "ok" | "api_error" | "network_error" | "retrying";
  retryInMs?: number;
  error?: string;
};

export type CashfreeLogger = {
  info(message: string, entry: CashfreeLogEntry): void;
  warn(message: string, entry: CashfreeLogEntry): void;
};

export type CashfreeClientOptions = {
  env: CashfreeEnv;
  clientId: string;
  clientSecret: string;
  /** Required for `emulator` (ends in `/pg`); not allowed for sandbox/production. */
  baseUrl?: string;
  apiVersion?: string;
  /** Per attempt. */
  timeoutMs?: number;
  /** Retries after the first attempt, so `maxRetries: 3` means at most 4 requests. */
  maxRetries?: number;
  baseRetryDelayMs?: number;
  /** Cap on any single wait, including waits Cashfree asks for via rate-limit headers. */
  maxRetryDelayMs?: number;
  fetchImpl?: typeof fetch;
  logger?: CashfreeLogger;
  /** Injected by tests to observe backoff without waiting. */
  sleep?: (ms: number) => Promise<void>;
  now?: () => number;
};

export type IdempotencyOptions = { idempotencyKey: string };

export type CashfreeClient = {
  readonly env: CashfreeEnv;
  readonly baseUrl: string;
  createOrder(request: CreateOrderRequest, options: IdempotencyOptions): Promise<CashfreeOrder>;
  getOrder(orderId: string): Promise<CashfreeOrder>;
  getPaymentsForOrder(orderId: string): Promise<CashfreePayment[]>;
  terminateOrder(orderId: string, options: IdempotencyOptions): Promise<CashfreeOrder>;
  createRefund(orderId: string, request: CreateRefundRequest, options: IdempotencyOptions): Promise<CashfreeRefund>;
  getRefund(orderId: string, refundId: string): Promise<CashfreeRefund>;
  /** Settlement Reconciliation (POST /settlement/recon): one page of events of the settlements in the period. */
  getSettlementRecon(query: SettlementQuery): Promise<CashfreeReconPage>;
  /** Get All Settlements (POST /settlements): one page of settlement summaries in the period. */
  getSettlements(query: SettlementQuery): Promise<CashfreeSettlementPage>;
  /** Get Settlements by Order ID. */
  getSettlementForOrder(orderId: string): Promise<CashfreeOrderSettlement>;
  getDispute(cfDisputeId: string): Promise<CashfreeDispute>;
  getDisputesForOrder(orderId: string): Promise<CashfreeDispute[]>;
  /** PUT: accepting twice is refused by Cashfree (the dispute is closed), so a retry cannot accept anything else. */
  acceptDispute(cfDisputeId: string): Promise<CashfreeDispute>;
  submitDisputeEvidence(cfDisputeId: string, document: DisputeEvidenceDocument, options: IdempotencyOptions): Promise<CashfreeDispute>;
  /** Create Payment Link (POST /links): `link_url` is where the payer pays. */
  createLink(request: CreateLinkRequest, options: IdempotencyOptions): Promise<CashfreeLink>;
  /** Fetch Payment Link Details. */
  getLink(linkId: string): Promise<CashfreeLink>;
  /** Cancel Payment Link: only an ACTIVE link; no payment is taken on it afterwards. */
  cancelLink(linkId: string, options: IdempotencyOptions): Promise<CashfreeLink>;
  /** Get Orders for a Payment Link: the orders Cashfree made when the link was opened (their payments via getPaymentsForOrder). */
  getLinkOrders(linkId: string): Promise<CashfreeOrder[]>;
  /** Order Pay (POST /orders/sessions): starts a payment on an order; the answer's action/data say what the browser does. */
  payOrder(request: OrderPayRequest, options: IdempotencyOptions): Promise<OrderPayResponse>;
  /** Subscriptions (lib/cashfree/subscriptions.ts): Create Plan. */
  createPlan(request: CreatePlanRequest, options: IdempotencyOptions): Promise<CashfreePlan>;
  createSubscription(request: CreateSubscriptionRequest, options: IdempotencyOptions): Promise<CashfreeSubscription>;
  getSubscription(subscriptionId: string): Promise<CashfreeSubscription>;
  /** Raise a charge on an ON_DEMAND mandate; the payment_id doubles as the idempotency key. */
  raiseSubscriptionCharge(request: RaiseChargeRequest): Promise<CashfreeSubscriptionPayment>;
  getSubscriptionPayment(subscriptionId: string, paymentId: string): Promise<CashfreeSubscriptionPayment>;
  manageSubscription(subscriptionId: string, action: ManageSubscriptionAction, options: IdempotencyOptions): Promise<CashfreeSubscription>;
};

type RequestSpec<T> = {
  method: "GET" | "POST" | "PATCH" | "PUT";
  path: string;
  body?: unknown;
  /** Multipart instead of JSON (fetch sets the boundary); rebuilt on every attempt. */
  form?: () => FormData;
  idempotencyKey?: string;
  schema: z.ZodType<T>;
};

const defaultSleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

export function createCashfreeClient(options: CashfreeClientOptions): CashfreeClient {
  const baseUrl = resolveBaseUrl(options);
  if (!options.clientId || !options.clientSecret) throw new Error("Cashfree clientId and clientSecret are required");

  const apiVersion = options.apiVersion ?? "2025-01-01";
  const timeoutMs = options.timeoutMs ?? 10_000;
  const maxRetries = options.maxRetries ?? 3;
  const backoff = { baseDelayMs: options.baseRetryDelayMs ?? 250, maxDelayMs: options.maxRetryDelayMs ?? 10_000 };
  const fetchImpl = options.fetchImpl ?? globalThis.fetch;
  const sleep = options.sleep ?? defaultSleep;
  const now = options.now ?? Date.now;
  const logger = options.logger;

  async function request<T>(spec: RequestSpec<T>): Promise<T> {
    if ((spec.method === "POST" || spec.method === "PATCH") && !spec.idempotencyKey) {
      throw new Error(`Cashfree ${spec.method} ${spec.path} requires an idempotency key`);
    }
    const requestId = randomUUID();
    const headers: Record<string, string> = {
      accept: "application/json",
      "x-client-id": options.clientId,
      "x-client-secret": options.clientSecret,
      "x-api-version": apiVersion,
      "x-request-id": requestId,
    };
    if (spec.body !== undefined) headers["content-type"] = "application/json";
    // The same key on every attempt is what makes retrying a POST safe.
    if (spec.idempotencyKey) headers["x-idempotency-key"] = spec.idempotencyKey;
    const bodyText = spec.body === undefined ? undefined : JSON.stringify(spec.body);
    const bodyOf = () => spec.form?.() ?? bodyText;
    const url = baseUrl + spec.path;

    let lastNetworkError: unknown;
    for (let attempt = 1; attempt <= maxRetries + 1; attempt++) {
      const startedAt = now();
      const entryBase = { requestId, method: spec.method, path: spec.path, attempt };
      const isLastAttempt = attempt > maxRetries;
      let response: Response;
      let responseText: string;
      try {
        response = await fetchImpl(url, {
          method: spec.method,
          headers,
          body: bodyOf(),
          signal: AbortSignal.timeout(timeoutMs),
        });
        responseText = await response.text();
      } catch (error) {
        lastNetworkError = error;
        const description = describeNetworkError(error, timeoutMs);
        if (isLastAttempt) {
          logger?.warn("cashfree request failed", { ...entryBase, durationMs: now() - startedAt, outcome: "network_error", error: description });
          break;
        }
        const retryInMs = backoffDelayMs(attempt, backoff);
        logger?.warn("cashfree request failed, retrying", { ...entryBase, durationMs: now() - startedAt, outcome: "retrying", retryInMs, error: description });
        await sleep(retryInMs);
        continue;
      }

      const durationMs = now() - startedAt;
      const status = response.status;
      if (status >= 200 && status < 300) {
        logger?.info("cashfree request ok", { ...entryBase, status, durationMs, outcome: "ok" });
        return parseSuccess(spec.schema, responseText, status, requestId);
      }

      const retryable = status === 429 || status >= 500;
      if (retryable && !isLastAttempt) {
        const askedMs = status === 429 ? rateLimitDelayMs(response.headers, now()) : null;
        const retryInMs = askedMs === null ? backoffDelayMs(attempt, backoff) : Math.min(askedMs, backoff.maxDelayMs);
        logger?.warn("cashfree request retrying", { ...entryBase, status, durationMs, outcome: "retrying", retryInMs });
        await sleep(retryInMs);
        continue;
      }
      logger?.warn("cashfree api error", { ...entryBase, status, durationMs, outcome: "api_error" });
      throw toApiError(status, responseText, requestId);
    }

    throw new CashfreeNetworkError(
      `Cashfree ${spec.method} ${spec.path} failed after ${maxRetries + 1} attempts: ${describeNetworkError(lastNetworkError, timeoutMs)}`,
      { requestId, attempts: maxRetries + 1, cause: lastNetworkError },
    );
  }

  const orderPath = (orderId: string) => `/orders/${encodeURIComponent(orderId)}`;
  // These POSTs only read: a key per call makes a retry replay the same page.
  const settlementBody = (query: SettlementQuery) => ({
    pagination: { limit: query.limit ?? 100, ...(query.cursor ? { cursor: query.cursor } : {}) },
    filters: { start_date: query.startDate, end_date: query.endDate },
  });
  const disputePath = (cfDisputeId: string) => `/disputes/${encodeURIComponent(cfDisputeId)}`;
  const linkPath = (linkId: string) => `/links/${encodeURIComponent(linkId)}`;
  const subscriptionPath = (subscriptionId: string) => `/subscriptions/${encodeURIComponent(subscriptionId)}`;

  return {
    env: options.env,
    baseUrl,
    createOrder: (body, { idempotencyKey }) =>
      request({ method: "POST", path: "/orders", body, idempotencyKey, schema: orderSchema }),
    getOrder: (orderId) => request({ method: "GET", path: orderPath(orderId), schema: orderSchema }),
    getPaymentsForOrder: (orderId) =>
      request({ method: "GET", path: `${orderPath(orderId)}/payments`, schema: paymentListSchema }),
    terminateOrder: (orderId, { idempotencyKey }) =>
      request({
        method: "PATCH",
        path: orderPath(orderId),
        body: { order_status: "TERMINATED" },
        idempotencyKey,
        schema: orderSchema,
      }),
    createRefund: (orderId, body, { idempotencyKey }) =>
      request({ method: "POST", path: `${orderPath(orderId)}/refunds`, body, idempotencyKey, schema: refundSchema }),
    getRefund: (orderId, refundId) =>
      request({
        method: "GET",
        path: `${orderPath(orderId)}/refunds/${encodeURIComponent(refundId)}`,
        schema: refundSchema,
      }),
    getSettlementRecon: (query) =>
      request({ method: "POST", path: "/settlement/recon", body: settlementBody(query), idempotencyKey: randomUUID(), schema: reconPageSchema }),
    getSettlements: (query) =>
      request({ method: "POST", path: "/settlements", body: settlementBody(query), idempotencyKey: randomUUID(), schema: settlementPageSchema }),
    getSettlementForOrder: (orderId) => request({ method: "GET", path: `${orderPath(orderId)}/settlements`, schema: orderSettlementSchema }),
    getDispute: (cfDisputeId) => request({ method: "GET", path: disputePath(cfDisputeId), schema: disputeSchema }),
    getDisputesForOrder: (orderId) => request({ method: "GET", path: `${orderPath(orderId)}/disputes`, schema: disputeListSchema }),
    acceptDispute: (cfDisputeId) => request({ method: "PUT", path: `${disputePath(cfDisputeId)}/accept`, schema: disputeSchema }),
    submitDisputeEvidence: (cfDisputeId, document, { idempotencyKey }) =>
      request({
        method: "POST",
        path: `${disputePath(cfDisputeId)}/documents`,
        idempotencyKey,
        form: () => {
          const form = new FormData();
          form.append("file", new Blob([document.content as Uint8Array<ArrayBuffer>], { type: document.contentType }), document.fileName);
          form.append("doc_type", document.docType);
          if (document.note) form.append("note", document.note);
          return form;
        },
        schema: disputeSchema,
      }),
    createLink: (body, { idempotencyKey }) => request({ method: "POST", path: "/links", body, idempotencyKey, schema: linkSchema }),
    getLink: (linkId) => request({ method: "GET", path: linkPath(linkId), schema: linkSchema }),
    cancelLink: (linkId, { idempotencyKey }) => request({ method: "POST", path: `${linkPath(linkId)}/cancel`, idempotencyKey, schema: linkSchema }),
    getLinkOrders: (linkId) => request({ method: "GET", path: `${linkPath(linkId)}/orders`, schema: linkOrderListSchema }),
    payOrder: (body, { idempotencyKey }) =>
      request({ method: "POST", path: "/orders/sessions", body, idempotencyKey, schema: orderPayResponseSchema }),
    createPlan: (body, { idempotencyKey }) => request({ method: "POST", path: "/plans", body, idempotencyKey, schema: planSchema }),
    createSubscription: (body, { idempotencyKey }) => request({ method: "POST", path: "/subscriptions", body, idempotencyKey, schema: subscriptionSchema }),
    getSubscription: (subscriptionId) => request({ method: "GET", path: subscriptionPath(subscriptionId), schema: subscriptionSchema }),
    raiseSubscriptionCharge: (body) =>
      request({ method: "POST", path: "/subscriptions/pay", body, idempotencyKey: body.payment_id, schema: subscriptionPaymentSchema }),
    getSubscriptionPayment: (subscriptionId, paymentId) =>
      request({ method: "GET", path: `${subscriptionPath(subscriptionId)}/payments/${encodeURIComponent(paymentId)}`, schema: subscriptionPaymentSchema }),
    manageSubscription: (subscriptionId, action, { idempotencyKey }) =>
      request({ method: "POST", path: `${subscriptionPath(subscriptionId)}/manage`, body: { subscription_id: subscriptionId, action }, idempotencyKey, schema: subscriptionSchema }),
  };
}

function resolveBaseUrl(options: CashfreeClientOptions): string {
  if (options.env === "emulator") {
    if (!options.baseUrl) throw new Error("Cashfree env 'emulator' requires baseUrl (e.g. http://127.0.0.1:4010/pg)");
    const parsed = new URL(options.baseUrl);
    if (parsed.protocol !== "http:" && parsed.protocol !== "https:") throw new Error("Cashfree baseUrl must be http(s)");
    return options.baseUrl.replace(/\/+$/, "");
  }
  if (options.baseUrl !== undefined) {
    throw new Error(`Cashfree baseUrl is only allowed with env 'emulator' (got env '${options.env}')`);
  }
  return CASHFREE_BASE_URLS[options.env];
}

function describeNetworkError(error: unknown, timeoutMs: number): string {
  if (error instanceof Error) {
    if (error.name === "TimeoutError" || error.name === "AbortError") return `timed out after ${timeoutMs}ms`;
    const cause = (error as { cause?: unknown }).cause;
    const causeCode = cause && typeof cause === "object" && "code" in cause ? String(cause.code) : undefined;
    return causeCode ? `${error.message} (${causeCode})` : error.message;
  }
  return String(error);
}
