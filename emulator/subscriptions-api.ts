import { randomBytes } from "node:crypto";
import type { IncomingMessage, ServerResponse } from "node:http";
import { rupeesToPaise, stringifyCashfreeJson, toIstIso } from "./format";
import { CashfreeHttpError, escapeHtml, invalidRequest, isRecord, matchPath, parseJsonObject, readBody, send, sendHtml, sendJson } from "./http";
import { cashfreeWebhookSignature } from "./webhook-signature";

/**
 * Cashfree Subscriptions (PG API 2025-01-01) under `/pg/plans` and `/pg/subscriptions`: Create Plan, Create /
 * Fetch Subscription, Raise a charge (`/pg/subscriptions/pay`), Fetch a payment, Manage (cancel / pause /
 * activate), a hosted mandate page (`/subscriptions/checkout/<session id>`, approve or decline), and the signed
 * webhooks SUBSCRIPTION_AUTH_STATUS, SUBSCRIPTION_STATUS_CHANGED, SUBSCRIPTION_PAYMENT_SUCCESS / _FAILED.
 * Shapes follow Cashfree's 2025-01-01 reference pages (see docs/BILLING.md, Renewal). Only ON_DEMAND plans.
 * A payment_id is the merchant's idempotency key: raising the same payment_id again returns the first charge
 * and never debits twice. Test knobs under `/__control/subscriptions`.
 */
export const SUBSCRIPTION_API_VERSION = "2025-01-01";
const ID_PATTERN = /^[A-Za-z0-9_-]{1,250}$/;

export type SubscriptionStatus = "INITIALIZED" | "ACTIVE" | "ON_HOLD" | "PAUSED" | "CANCELLED" | "LINK_EXPIRED";
export type SubscriptionPaymentStatus = "PENDING" | "SUCCESS" | "FAILED";
export type ChargeOutcome = "SUCCESS" | "FAILED" | "PENDING";

export interface EmulatorPlan {
  cf_plan_id: string;
  plan_id: string;
  plan_name: string;
  plan_type: "ON_DEMAND";
  plan_currency: "INR";
  plan_max_amount: number;
  plan_note: string | null;
  plan_status: "ACTIVE";
}

export interface EmulatorSubscription {
  cfSubscriptionId: string;
  subscriptionId: string;
  sessionId: string;
  status: SubscriptionStatus;
  planId: string;
  maxAmountPaise: number;
  customer: { customer_name: string | null; customer_email: string | null; customer_phone: string };
  returnUrl: string | null;
  notifyUrl: string | null;
  expiresAtMs: number;
  authorisedAtMs: number | null;
  createdAtMs: number;
}

export interface EmulatorSubscriptionPayment {
  cfPaymentId: string;
  paymentId: string;
  subscriptionId: string;
  type: "AUTH" | "CHARGE";
  amountPaise: number;
  status: SubscriptionPaymentStatus;
  scheduleDateMs: number;
  remarks: string | null;
  createdAtMs: number;
}

export interface SubscriptionWebhookDelivery {
  type: string;
  subscription_id: string;
  payment_id: string | null;
  url: string;
  status: number | null;
  error: string | null;
  raw_body: string;
}

export interface SubscriptionsEmulatorOptions {
  clientId: string;
  clientSecret: string;
  defaultNotifyUrl: string | null;
  /** Delay before each retry of a delivery that was not answered 2xx (Cashfree retries); attempts = 1 + length. */
  webhookRetryDelaysMs?: number[];
}

const paiseToRupees = (paise: number) => paise / 100;

export class SubscriptionsEmulator {
  readonly plans = new Map<string, EmulatorPlan>();
  readonly subscriptions = new Map<string, EmulatorSubscription>();
  /** Keyed by payment_id (Cashfree's merchant-side id; unique across the merchant). */
  readonly payments = new Map<string, EmulatorSubscriptionPayment>();
  readonly deliveries: SubscriptionWebhookDelivery[] = [];
  /** How the next raised charges resolve (FIFO); empty → SUCCESS. */
  readonly nextOutcomes: ChargeOutcome[] = [];
  private nextCfId = 7_000_000;
  private readonly pending = new Set<Promise<unknown>>();
  private readonly timers = new Set<NodeJS.Timeout>();

  constructor(private readonly options: SubscriptionsEmulatorOptions) {}

  reset(): void {
    this.plans.clear();
    this.subscriptions.clear();
    this.payments.clear();
    this.deliveries.length = 0;
    this.nextOutcomes.length = 0;
    this.cancelTimers();
  }

  cancelTimers(): void {
    for (const t of this.timers) clearTimeout(t);
    this.timers.clear();
  }

  /** Resolves once every webhook sent so far has been answered (tests). */
  async settled(): Promise<void> {
    while (this.pending.size > 0) await Promise.allSettled([...this.pending]);
  }

  /** `/pg/plans…` and `/pg/subscriptions…`, with the PG credentials. */
  async handleApi(req: IncomingMessage, res: ServerResponse, pathname: string): Promise<void> {
    const method = req.method ?? "GET";
    const rawBody = await readBody(req);
    if (header(req, "x-client-id") !== this.options.clientId || header(req, "x-client-secret") !== this.options.clientSecret) {
      sendJson(res, 401, { message: "authentication Failed", code: "request_failed", type: "authentication_error" });
      return;
    }
    const version = header(req, "x-api-version");
    if (version !== SUBSCRIPTION_API_VERSION) {
      sendJson(res, 400, { type: "invalid_request_error", code: "x-api-version_invalid", message: `x-api-version : ${version ?? "missing"} is not supported for subscriptions` });
      return;
    }
    const { status, body } = this.route(method, pathname, rawBody);
    sendJson(res, status, body);
  }

  static handles(pathname: string): boolean {
    return pathname === "/pg/plans" || pathname.startsWith("/pg/plans/") || pathname === "/pg/subscriptions" || pathname.startsWith("/pg/subscriptions/");
  }

  private route(method: string, pathname: string, rawBody: string): { status: number; body: unknown } {
    if (method === "POST" && pathname === "/pg/plans") return { status: 200, body: this.createPlan(parseJsonObject(rawBody)) };
    const plan = matchPath("/pg/plans/:planId", pathname);
    if (method === "GET" && plan?.planId !== undefined) {
      const found = this.plans.get(plan.planId);
      if (!found) throw invalidRequest("plan_not_found", "Plan does not exist", 404);
      return { status: 200, body: found };
    }
    if (method === "POST" && pathname === "/pg/subscriptions") return { status: 200, body: this.createSubscription(parseJsonObject(rawBody)) };
    if (method === "POST" && pathname === "/pg/subscriptions/pay") return this.raiseCharge(parseJsonObject(rawBody));
    const manage = matchPath("/pg/subscriptions/:id/manage", pathname);
    if (method === "POST" && manage?.id !== undefined) return { status: 200, body: this.manage(manage.id, parseJsonObject(rawBody)) };
    const payment = matchPath("/pg/subscriptions/:id/payments/:paymentId", pathname);
    if (method === "GET" && payment?.id !== undefined && payment.paymentId !== undefined) {
      const found = this.payments.get(payment.paymentId);
      if (!found || found.subscriptionId !== payment.id) throw invalidRequest("payment_not_found", "Payment does not exist", 404);
      return { status: 200, body: this.paymentView(found) };
    }
    const sub = matchPath("/pg/subscriptions/:id", pathname);
    if (method === "GET" && sub?.id !== undefined) return { status: 200, body: this.subscriptionView(this.subscription(sub.id)) };
    throw invalidRequest("request_failed", "bad URL, please check API documentation", 404);
  }

  private createPlan(body: Record<string, unknown>): EmulatorPlan {
    const id = body.plan_id;
    if (typeof id !== "string" || !ID_PATTERN.test(id)) throw invalidRequest("plan_id_invalid", "plan_id : alphanumeric, _ and - allowed");
    if (typeof body.plan_name !== "string" || body.plan_name === "") throw invalidRequest("plan_name_missing", "plan_name : is missing in the request");
    if (body.plan_type !== "ON_DEMAND") throw invalidRequest("plan_type_invalid", "plan_type : only ON_DEMAND is emulated");
    const maxPaise = rupeesToPaise(body.plan_max_amount);
    if (maxPaise === null || maxPaise < 100) throw invalidRequest("plan_max_amount_invalid", "plan_max_amount : must be at least 1.00");
    if (this.plans.has(id)) throw invalidRequest("plan_id_already_exists", "Plan with the given plan_id already exists", 409);
    const created: EmulatorPlan = {
      cf_plan_id: String(this.nextCfId++),
      plan_id: id,
      plan_name: body.plan_name,
      plan_type: "ON_DEMAND",
      plan_currency: "INR",
      plan_max_amount: paiseToRupees(maxPaise),
      plan_note: typeof body.plan_note === "string" ? body.plan_note : null,
      plan_status: "ACTIVE",
    };
    this.plans.set(id, created);
    return created;
  }

  private createSubscription(body: Record<string, unknown>): unknown {
    const id = body.subscription_id;
    if (typeof id !== "string" || !ID_PATTERN.test(id)) throw invalidRequest("subscription_id_invalid", "subscription_id : alphanumeric, _ and - allowed");
    const customer = isRecord(body.customer_details) ? body.customer_details : null;
    if (!customer || typeof customer.customer_phone !== "string" || !/^[0-9]{10}$/.test(customer.customer_phone)) {
      throw invalidRequest("customer_phone_invalid", "customer_details.customer_phone : 10 digits required");
    }
    const planDetails = isRecord(body.plan_details) ? body.plan_details : null;
    const planId = planDetails?.plan_id;
    const plan = typeof planId === "string" ? this.plans.get(planId) : undefined;
    if (!plan) throw invalidRequest("plan_not_found", "plan_details.plan_id : plan does not exist", 404);
    if (this.subscriptions.has(id)) throw invalidRequest("subscription_id_already_exists", "Subscription with the given subscription_id already exists", 409);
    const meta = isRecord(body.subscription_meta) ? body.subscription_meta : {};
    const expiry = typeof body.subscription_expiry_time === "string" ? Date.parse(body.subscription_expiry_time) : NaN;
    const now = Date.now();
    const created: EmulatorSubscription = {
      cfSubscriptionId: String(this.nextCfId++),
      subscriptionId: id,
      sessionId: `sub_session_${randomBytes(18).toString("base64url")}`,
      status: "INITIALIZED",
      planId: plan.plan_id,
      maxAmountPaise: Math.round(plan.plan_max_amount * 100),
      customer: {
        customer_name: typeof customer.customer_name === "string" ? customer.customer_name : null,
        customer_email: typeof customer.customer_email === "string" ? customer.customer_email : null,
        customer_phone: customer.customer_phone,
      },
      returnUrl: typeof meta.return_url === "string" ? meta.return_url : null,
      notifyUrl: typeof meta.notify_url === "string" ? meta.notify_url : null,
      expiresAtMs: Number.isFinite(expiry) ? expiry : now + 10 * 365 * 24 * 3600 * 1000,
      authorisedAtMs: null,
      createdAtMs: now,
    };
    this.subscriptions.set(id, created);
    return this.subscriptionView(created);
  }

  private raiseCharge(body: Record<string, unknown>): { status: number; body: unknown } {
    const sub = typeof body.subscription_id === "string" ? this.subscription(body.subscription_id) : null;
    if (!sub) throw invalidRequest("subscription_id_missing", "subscription_id : is missing in the request");
    const paymentId = body.payment_id;
    if (typeof paymentId !== "string" || !ID_PATTERN.test(paymentId)) throw invalidRequest("payment_id_invalid", "payment_id : alphanumeric, _ and - allowed");
    if (body.payment_type !== undefined && body.payment_type !== "CHARGE") throw invalidRequest("payment_type_invalid", "payment_type : only CHARGE is emulated");
    const amountPaise = rupeesToPaise(body.payment_amount);
    if (amountPaise === null || amountPaise < 100) throw invalidRequest("payment_amount_invalid", "payment_amount : must be at least 1.00");
    const existing = this.payments.get(paymentId);
    if (existing) {
      // Idempotent on payment_id: the same charge comes back; a different body with a used id is refused.
      if (existing.subscriptionId !== sub.subscriptionId || existing.amountPaise !== amountPaise) {
        throw invalidRequest("payment_id_already_exists", "payment_id : already used for a different charge", 409);
      }
      return { status: 200, body: this.paymentView(existing) };
    }
    if (sub.status !== "ACTIVE") throw invalidRequest("subscription_not_active", `subscription is ${sub.status}; charges need an ACTIVE subscription`, 422);
    if (amountPaise > sub.maxAmountPaise) throw invalidRequest("payment_amount_invalid", "payment_amount : exceeds the mandate's maximum amount");
    const schedule = typeof body.payment_schedule_date === "string" ? Date.parse(body.payment_schedule_date) : NaN;
    const payment: EmulatorSubscriptionPayment = {
      cfPaymentId: String(this.nextCfId++),
      paymentId,
      subscriptionId: sub.subscriptionId,
      type: "CHARGE",
      amountPaise,
      status: "PENDING",
      scheduleDateMs: Number.isFinite(schedule) ? schedule : Date.now(),
      remarks: typeof body.payment_remarks === "string" ? body.payment_remarks : null,
      createdAtMs: Date.now(),
    };
    this.payments.set(paymentId, payment);
    const outcome = this.nextOutcomes.shift() ?? "SUCCESS";
    const view = this.paymentView(payment);
    if (outcome !== "PENDING") this.resolvePayment(payment, outcome);
    return { status: 200, body: view };
  }

  private manage(id: string, body: Record<string, unknown>): unknown {
    const sub = this.subscription(id);
    const action = body.action;
    if (action === "CANCEL") {
      if (sub.status === "CANCELLED") throw invalidRequest("action_invalid", "subscription is already cancelled");
      sub.status = "CANCELLED";
    } else if (action === "PAUSE") {
      if (sub.status !== "ACTIVE") throw invalidRequest("action_invalid", "only an ACTIVE subscription can be paused");
      sub.status = "PAUSED";
    } else if (action === "ACTIVATE") {
      if (sub.status !== "PAUSED") throw invalidRequest("action_invalid", "only a PAUSED subscription can be activated");
      sub.status = "ACTIVE";
    } else {
      throw invalidRequest("action_invalid", "action : one of CANCEL, PAUSE, ACTIVATE");
    }
    this.emit("SUBSCRIPTION_STATUS_CHANGED", sub, null, { subscription_details: this.subscriptionDetails(sub) });
    return this.subscriptionView(sub);
  }

  /** The hosted mandate page: `/subscriptions/checkout/<session>` (GET) and `…/<approve|decline>` (POST). */
  async handleCheckout(req: IncomingMessage, res: ServerResponse, pathname: string): Promise<boolean> {
    const page = matchPath("/subscriptions/checkout/:session", pathname);
    if (page?.session !== undefined && req.method === "GET") {
      const sub = this.bySession(page.session);
      sendHtml(res, 200, renderMandatePage(sub));
      return true;
    }
    const act = matchPath("/subscriptions/checkout/:session/:decision", pathname);
    if (act?.session !== undefined && req.method === "POST" && (act.decision === "approve" || act.decision === "decline")) {
      await readBody(req);
      const sub = this.bySession(act.session);
      if (sub.status !== "INITIALIZED") throw invalidRequest("subscription_not_initialized", "this mandate was already decided");
      this.authorise(sub, act.decision === "approve");
      const target = sub.returnUrl ? `${sub.returnUrl}${sub.returnUrl.includes("?") ? "&" : "?"}subscription_id=${encodeURIComponent(sub.subscriptionId)}` : null;
      if (target) send(res, 303, "", "text/plain", { location: target });
      else sendHtml(res, 200, `<p data-testid="mandate-result">${sub.status}</p>`);
      return true;
    }
    return false;
  }

  authorise(sub: EmulatorSubscription, approve: boolean): void {
    const auth: EmulatorSubscriptionPayment = {
      cfPaymentId: String(this.nextCfId++),
      paymentId: `auth_${sub.subscriptionId}`,
      subscriptionId: sub.subscriptionId,
      type: "AUTH",
      amountPaise: 100,
      status: approve ? "SUCCESS" : "FAILED",
      scheduleDateMs: Date.now(),
      remarks: null,
      createdAtMs: Date.now(),
    };
    this.payments.set(auth.paymentId, auth);
    if (approve) {
      sub.status = "ACTIVE";
      sub.authorisedAtMs = Date.now();
    }
    this.emit("SUBSCRIPTION_AUTH_STATUS", sub, auth, {
      ...this.paymentView(auth),
      authorization_details: { authorization_status: approve ? "ACTIVE" : "FAILED", authorization_reference: sub.cfSubscriptionId },
      failure_details: approve ? null : { failure_reason: "Customer declined the mandate" },
    });
    if (approve) this.emit("SUBSCRIPTION_STATUS_CHANGED", sub, null, { subscription_details: this.subscriptionDetails(sub) });
  }

  resolvePayment(payment: EmulatorSubscriptionPayment, outcome: "SUCCESS" | "FAILED"): void {
    if (payment.status !== "PENDING") throw invalidRequest("payment_not_pending", `payment is already ${payment.status}`, 409);
    payment.status = outcome;
    const sub = this.subscription(payment.subscriptionId);
    this.emit(outcome === "SUCCESS" ? "SUBSCRIPTION_PAYMENT_SUCCESS" : "SUBSCRIPTION_PAYMENT_FAILED", sub, payment, {
      ...this.paymentView(payment),
      failure_details: outcome === "FAILED" ? { failure_reason: "Insufficient funds in the account" } : null,
    });
  }

  /** `/__control/subscriptions/...` (no auth: bound to 127.0.0.1, never deployed). */
  async handleControl(req: IncomingMessage, res: ServerResponse, pathname: string): Promise<void> {
    const method = req.method ?? "GET";
    const body = method === "POST" ? parseJsonObject(await readBody(req)) : {};
    try {
      if (method === "POST" && pathname === "/__control/subscriptions/next-charge") {
        const outcome = body.outcome;
        if (outcome !== "SUCCESS" && outcome !== "FAILED" && outcome !== "PENDING") throw invalidRequest("outcome_invalid", "outcome : SUCCESS, FAILED or PENDING");
        this.nextOutcomes.push(outcome);
        sendJson(res, 200, { next_outcomes: this.nextOutcomes });
        return;
      }
      const decide = matchPath("/__control/subscriptions/:id/authorise", pathname);
      if (method === "POST" && decide?.id !== undefined) {
        const sub = this.subscription(decide.id);
        this.authorise(sub, body.approve !== false);
        sendJson(res, 200, this.subscriptionView(sub));
        return;
      }
      const resolve = matchPath("/__control/subscriptions/payments/:paymentId/resolve", pathname);
      if (method === "POST" && resolve?.paymentId !== undefined) {
        const payment = this.payments.get(resolve.paymentId);
        if (!payment) throw invalidRequest("payment_not_found", "Payment does not exist", 404);
        if (body.outcome !== "SUCCESS" && body.outcome !== "FAILED") throw invalidRequest("outcome_invalid", "outcome : SUCCESS or FAILED");
        this.resolvePayment(payment, body.outcome);
        sendJson(res, 200, this.paymentView(payment));
        return;
      }
      if (method === "GET" && pathname === "/__control/subscriptions") {
        sendJson(res, 200, { subscriptions: [...this.subscriptions.values()].map((s) => this.subscriptionView(s)), payments: [...this.payments.values()].map((p) => this.paymentView(p)) });
        return;
      }
      if (method === "GET" && pathname === "/__control/subscriptions/webhooks/log") {
        sendJson(res, 200, { deliveries: this.deliveries });
        return;
      }
      throw invalidRequest("request_failed", "unknown subscriptions control endpoint", 404);
    } catch (error) {
      if (!(error instanceof CashfreeHttpError)) throw error;
      sendJson(res, error.status, error.body);
    }
  }

  private subscription(id: string): EmulatorSubscription {
    const sub = this.subscriptions.get(id);
    if (!sub) throw invalidRequest("subscription_not_found", "Subscription does not exist", 404);
    return sub;
  }

  private bySession(session: string): EmulatorSubscription {
    for (const sub of this.subscriptions.values()) if (sub.sessionId === session) return sub;
    throw invalidRequest("subscription_session_invalid", "subscription_session_id is invalid", 404);
  }

  private subscriptionDetails(sub: EmulatorSubscription) {
    return {
      cf_subscription_id: sub.cfSubscriptionId,
      subscription_id: sub.subscriptionId,
      subscription_status: sub.status,
      subscription_expiry_time: toIstIso(sub.expiresAtMs),
    };
  }

  subscriptionView(sub: EmulatorSubscription) {
    const plan = this.plans.get(sub.planId);
    return {
      cf_subscription_id: sub.cfSubscriptionId,
      subscription_id: sub.subscriptionId,
      subscription_session_id: sub.sessionId,
      subscription_status: sub.status,
      subscription_expiry_time: toIstIso(sub.expiresAtMs),
      customer_details: sub.customer,
      plan_details: plan ? { plan_id: plan.plan_id, plan_name: plan.plan_name, plan_type: plan.plan_type, plan_currency: "INR", plan_max_amount: plan.plan_max_amount } : null,
      authorisation_details: {
        authorization_amount: 1,
        authorization_status: sub.authorisedAtMs === null ? "INITIALIZED" : "ACTIVE",
        authorization_time: sub.authorisedAtMs === null ? null : toIstIso(sub.authorisedAtMs),
      },
      subscription_meta: { return_url: sub.returnUrl, notify_url: sub.notifyUrl },
    };
  }

  paymentView(payment: EmulatorSubscriptionPayment) {
    const sub = this.subscriptions.get(payment.subscriptionId);
    return {
      cf_payment_id: payment.cfPaymentId,
      payment_id: payment.paymentId,
      subscription_id: payment.subscriptionId,
      cf_subscription_id: sub?.cfSubscriptionId ?? null,
      payment_type: payment.type,
      payment_status: payment.status,
      payment_amount: paiseToRupees(payment.amountPaise),
      payment_currency: "INR",
      payment_schedule_date: toIstIso(payment.scheduleDateMs),
      payment_initiated_date: toIstIso(payment.createdAtMs),
      payment_remarks: payment.remarks,
    };
  }

  private emit(type: string, sub: EmulatorSubscription, payment: EmulatorSubscriptionPayment | null, data: Record<string, unknown>): void {
    const url = sub.notifyUrl ?? this.options.defaultNotifyUrl;
    if (!url) return;
    const rawBody = stringifyCashfreeJson({ data, event_time: toIstIso(Date.now()), type });
    const delivery: SubscriptionWebhookDelivery = { type, subscription_id: sub.subscriptionId, payment_id: payment?.paymentId ?? null, url, status: null, error: null, raw_body: rawBody };
    this.deliveries.push(delivery);
    const task = this.deliver(delivery)
      .then(() => this.retryUnlessAnswered(delivery, 0))
      .finally(() => this.pending.delete(task));
    this.pending.add(task);
  }

  /** A delivery not answered 2xx (refused, reset, a 5xx) is sent again, byte for byte, as a new log entry. */
  private retryUnlessAnswered(previous: SubscriptionWebhookDelivery, retryIndex: number): void {
    if (previous.status !== null && previous.status >= 200 && previous.status < 300) return;
    const delay = this.options.webhookRetryDelaysMs?.[retryIndex];
    if (delay === undefined) return;
    const timer = setTimeout(() => {
      this.timers.delete(timer);
      const copy: SubscriptionWebhookDelivery = { ...previous, status: null, error: null };
      this.deliveries.push(copy);
      const task = this.deliver(copy)
        .then(() => this.retryUnlessAnswered(copy, retryIndex + 1))
        .finally(() => this.pending.delete(task));
      this.pending.add(task);
    }, delay);
    this.timers.add(timer);
  }

  /** Re-sends a logged webhook byte for byte (a duplicate delivery, as Cashfree's retries produce). */
  async redeliver(index: number): Promise<SubscriptionWebhookDelivery> {
    const original = this.deliveries[index];
    if (!original) throw invalidRequest("delivery_not_found", "no such delivery", 404);
    const copy = { ...original, status: null, error: null };
    this.deliveries.push(copy);
    await this.deliver(copy);
    return copy;
  }

  private async deliver(delivery: SubscriptionWebhookDelivery): Promise<void> {
    const timestamp = String(Date.now());
    try {
      const response = await fetch(delivery.url, {
        method: "POST",
        redirect: "manual",
        headers: {
          "content-type": "application/json",
          "x-webhook-signature": cashfreeWebhookSignature(this.options.clientSecret, timestamp, delivery.raw_body),
          "x-webhook-timestamp": timestamp,
          "x-webhook-version": SUBSCRIPTION_API_VERSION,
        },
        body: delivery.raw_body,
      });
      delivery.status = response.status;
      await response.text();
    } catch (error) {
      delivery.error = error instanceof Error ? error.message : String(error);
    }
  }
}

function header(req: IncomingMessage, name: string): string | undefined {
  const value = req.headers[name];
  return Array.isArray(value) ? value[0] : value;
}

function renderMandatePage(sub: EmulatorSubscription): string {
  const base = `/subscriptions/checkout/${encodeURIComponent(sub.sessionId)}`;
  const max = (sub.maxAmountPaise / 100).toFixed(2);
  return `<!doctype html><html><head><meta charset="utf-8"><title>Authorise mandate</title></head><body>
<h1>Authorise a mandate</h1>
<p>Subscription <code>${escapeHtml(sub.subscriptionId)}</code>: debits on demand up to <strong data-testid="mandate-max">₹${max}</strong> each.</p>
<p data-testid="mandate-status">${sub.status}</p>
<form method="post" action="${base}/approve"><button type="submit" data-testid="mandate-approve">Approve</button></form>
<form method="post" action="${base}/decline"><button type="submit" data-testid="mandate-decline">Decline</button></form>
</body></html>`;
}
