import { createHash, randomUUID } from "node:crypto";
import { stringifyCashfreeJson } from "./format";
import type { EmulatorState, WebhookDelivery, WebhookEvent } from "./state";
import { cashfreeWebhookSignature } from "./webhook-signature";

export const WEBHOOK_VERSION = "2025-01-01";

export type DeliveryOptions = {
  attempt?: number;
  signature?: "valid" | "bad";
  timestampOffsetMs?: number;
};

/**
 * Sends signed webhooks the way Cashfree does: attempt 1 at once, then one retry per entry of
 * `webhookRetryDelaysMs` until the receiver answers 2xx.
 */
export class WebhookSender {
  private readonly timers = new Set<NodeJS.Timeout>();
  private readonly inFlight = new Set<AbortController>();

  constructor(
    private readonly state: EmulatorState,
    private readonly clientSecret: string,
  ) {}

  createEvent(args: { type: string; orderId: string; cfPaymentId?: string; refundId?: string; disputeId?: string; payload: unknown }): WebhookEvent {
    const rawBody = stringifyCashfreeJson(args.payload);
    const event: WebhookEvent = {
      eventId: randomUUID(),
      type: args.type,
      orderId: args.orderId,
      cfPaymentId: args.cfPaymentId ?? null,
      refundId: args.refundId ?? null,
      disputeId: args.disputeId ?? null,
      rawBody,
      idempotencyKey: createHash("sha256").update(`${args.type}:${args.orderId}:${args.cfPaymentId ?? args.refundId ?? args.disputeId ?? ""}:${rawBody}`).digest("base64"),
      attemptsSent: 0,
    };
    this.state.events.set(event.eventId, event);
    return event;
  }

  /** Delivers with retries; resolves with the first attempt's log entry (later attempts run in the background). */
  deliverWithRetries(event: WebhookEvent, url: string): Promise<WebhookDelivery> {
    const first = this.deliverOnce(event, url);
    void first.then((delivery) => this.scheduleRetry(event, url, delivery, 0));
    return first;
  }

  async deliverOnce(event: WebhookEvent, url: string, options: DeliveryOptions = {}): Promise<WebhookDelivery> {
    event.attemptsSent += 1;
    const attempt = options.attempt ?? event.attemptsSent;
    const signatureKind = options.signature ?? "valid";
    const timestamp = Date.now() + (options.timestampOffsetMs ?? 0);
    const secret = signatureKind === "valid" ? this.clientSecret : `${this.clientSecret}_not_the_secret`;
    const startedAt = Date.now();
    const controller = new AbortController();
    const timeout = setTimeout(() => controller.abort(), this.state.config.webhookTimeoutMs);
    this.inFlight.add(controller);

    const delivery: WebhookDelivery = {
      delivery_id: this.state.deliveryId(),
      event_id: event.eventId,
      type: event.type,
      order_id: event.orderId,
      cf_payment_id: event.cfPaymentId,
      refund_id: event.refundId,
      dispute_id: event.disputeId,
      url,
      attempt,
      signature: signatureKind,
      timestamp,
      status: null,
      error: null,
      response_body: null,
      started_at: new Date(startedAt).toISOString(),
      duration_ms: 0,
    };
    try {
      const response = await fetch(url, {
        method: "POST",
        redirect: "manual",
        signal: controller.signal,
        headers: {
          "content-type": "application/json",
          "x-webhook-signature": cashfreeWebhookSignature(secret, String(timestamp), event.rawBody),
          "x-webhook-timestamp": String(timestamp),
          "x-webhook-attempt": String(attempt),
          "x-webhook-version": WEBHOOK_VERSION,
          "x-idempotency-key": event.idempotencyKey,
        },
        body: event.rawBody,
      });
      delivery.status = response.status;
      delivery.response_body = (await response.text()).slice(0, 500);
    } catch (error) {
      delivery.error = controller.signal.aborted ? "timeout or emulator shutdown" : describe(error);
    } finally {
      clearTimeout(timeout);
      this.inFlight.delete(controller);
      delivery.duration_ms = Date.now() - startedAt;
      this.state.deliveries.push(delivery);
    }
    return delivery;
  }

  /** Cancels scheduled retries and aborts in-flight deliveries (reset/close). */
  cancelAll(): void {
    for (const timer of this.timers) clearTimeout(timer);
    this.timers.clear();
    for (const controller of this.inFlight) controller.abort();
    this.inFlight.clear();
  }

  private scheduleRetry(event: WebhookEvent, url: string, previous: WebhookDelivery, retryIndex: number): void {
    if (previous.status !== null && previous.status >= 200 && previous.status < 300) return;
    const delayMs = this.state.config.webhookRetryDelaysMs[retryIndex];
    if (delayMs === undefined) return;
    const timer = setTimeout(() => {
      this.timers.delete(timer);
      if (!this.state.events.has(event.eventId)) return; // reset since
      void this.deliverOnce(event, url).then((delivery) => this.scheduleRetry(event, url, delivery, retryIndex + 1));
    }, delayMs);
    this.timers.add(timer);
  }
}

function describe(error: unknown): string {
  if (error instanceof Error) {
    const cause = (error as { cause?: unknown }).cause;
    return cause instanceof Error ? `${error.message}: ${cause.message}` : error.message;
  }
  return String(error);
}
