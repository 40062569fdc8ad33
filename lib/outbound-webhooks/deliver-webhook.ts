import { eq, sql } from "drizzle-orm";
import type { Db } from "@/lib/db";
import { outboxEvents, webhookEndpoints } from "@/lib/db/schema";
import { log } from "@/lib/log";
import { DEFAULT_MAX_ATTEMPTS, defaultBackoffMs } from "./backoff";
import { enqueueDeliveryAttempt } from "./delivery-jobs";
import { DELIVERY_TIMEOUT_MS, postPinned, type PostResult } from "./post-pinned";
import { decryptSecret } from "./secret-box";
import { EVENT_ID_HEADER, SIGNATURE_HEADER, signatureHeader } from "./sign-payload";
import { defaultTargetPolicy, resolveTarget, WebhookTargetRefused, type LookupAll, type TargetPolicy } from "./webhook-target";
import { rowsOf } from "@/lib/db/rows";

export interface DeliverOptions {
  maxAttempts?: number;
  /** Delay before attempt n+1 after n failed attempts. */
  backoffMs?: (failedAttempts: number) => number;
  /** The clock the next attempt is scheduled from (tests pin it). */
  now?: () => Date;
  timeoutMs?: number;
  policy?: TargetPolicy;
  lookupAll?: LookupAll;
}

export type DeliveryResult = "succeeded" | "retrying" | "failed" | "skipped";

interface Claimed {
  id: string;
  endpoint_id: string;
  event_id: string;
  attempts: number;
}

type Outcome =
  | { kind: "succeeded"; result: PostResult }
  | { kind: "failed_response"; result: PostResult; error: string }
  | { kind: "error"; error: string; permanent: boolean; latencyMs: number | null };

/**
 * Takes attempt n of a pending delivery. Attempt n runs when n−1 attempts are recorded, or again when this very
 * attempt was taken but never recorded (its job crashed and graphile-worker retries it). A stale job (the
 * delivery was sent again, or already finished) takes nothing.
 */
async function claim(db: Db, deliveryId: string, attempt: number): Promise<Claimed | null> {
  const [row] = rowsOf<Claimed>(
    await db.execute(sql`
      update webhook_deliveries set attempts = ${attempt}, updated_at = now()
      where id = ${deliveryId} and status = 'pending' and attempts in (${attempt - 1}, ${attempt})
      returning id, endpoint_id, event_id, attempts`),
  );
  return row ? { ...row, attempts: Number(row.attempts) } : null;
}

async function attemptDelivery(db: Db, claimed: Claimed, options: DeliverOptions): Promise<Outcome> {
  const [row] = await db
    .select({ endpoint: webhookEndpoints, payload: outboxEvents.payload, type: outboxEvents.eventType })
    .from(webhookEndpoints)
    .innerJoin(outboxEvents, eq(outboxEvents.id, claimed.event_id))
    .where(eq(webhookEndpoints.id, claimed.endpoint_id));
  if (!row) return { kind: "error", error: "endpoint or event no longer exists", permanent: true, latencyMs: null };
  if (row.endpoint.disabledAt) return { kind: "error", error: "endpoint is disabled", permanent: true, latencyMs: null };

  let target;
  try {
    target = await resolveTarget(row.endpoint.url, options.policy ?? defaultTargetPolicy(), options.lookupAll);
  } catch (error) {
    const permanent = error instanceof WebhookTargetRefused;
    return { kind: "error", error: (error as Error).message, permanent, latencyMs: null };
  }

  const secrets = [decryptSecret(row.endpoint.secretCiphertext)];
  if (row.endpoint.previousSecretCiphertext && row.endpoint.previousSecretExpiresAt && row.endpoint.previousSecretExpiresAt.getTime() > Date.now()) {
    secrets.push(decryptSecret(row.endpoint.previousSecretCiphertext));
  }
  const body = JSON.stringify(row.payload);
  const timestamp = Math.floor(Date.now() / 1000);
  const started = performance.now();
  try {
    const result = await postPinned(target, {
      body,
      timeoutMs: options.timeoutMs ?? DELIVERY_TIMEOUT_MS,
      headers: {
        "content-type": "application/json",
        "user-agent": "Khata-Webhooks/1.0",
        [SIGNATURE_HEADER]: signatureHeader(secrets, timestamp, body),
        [EVENT_ID_HEADER]: claimed.event_id,
        "Khata-Event-Type": row.type,
        "Khata-Delivery-Id": claimed.id,
        "Khata-Delivery-Attempt": String(claimed.attempts),
      },
    });
    if (result.statusCode >= 200 && result.statusCode < 300) return { kind: "succeeded", result };
    const error =
      result.statusCode >= 300 && result.statusCode < 400
        ? `redirect${result.location ? ` to ${result.location.slice(0, 200)}` : ""} not followed (HTTP ${result.statusCode})`
        : `HTTP ${result.statusCode}`;
    return { kind: "failed_response", result, error };
  } catch (error) {
    return { kind: "error", error: (error as Error).message, permanent: false, latencyMs: Math.round(performance.now() - started) };
  }
}

/**
 * Records the attempt and, when it is to be retried, queues the next one at now + backoff(n), in one
 * transaction. Only while the delivery is still on this attempt: a "send again" meanwhile wins.
 */
async function record(db: Db, claimed: Claimed, outcome: Outcome, options: DeliverOptions): Promise<Exclude<DeliveryResult, "skipped">> {
  const maxAttempts = options.maxAttempts ?? DEFAULT_MAX_ATTEMPTS;
  let status: "succeeded" | "retrying" | "failed";
  if (outcome.kind === "succeeded") status = "succeeded";
  else if ((outcome.kind === "error" && outcome.permanent) || claimed.attempts >= maxAttempts) status = "failed";
  else status = "retrying";
  const code = outcome.kind === "error" ? null : outcome.result.statusCode;
  const latency = outcome.kind === "error" ? outcome.latencyMs : outcome.result.latencyMs;
  const error = outcome.kind === "succeeded" ? null : outcome.error.slice(0, 1000);
  const nextAttemptAt = status === "retrying" ? new Date((options.now ?? (() => new Date()))().getTime() + (options.backoffMs ?? defaultBackoffMs)(claimed.attempts)) : null;
  await db.transaction(async (tx) => {
    const updated = rowsOf<{ id: string }>(
      await tx.execute(sql`
        update webhook_deliveries set
          status = ${status === "retrying" ? "pending" : status},
          next_attempt_at = coalesce(${nextAttemptAt?.toISOString() ?? null}::timestamptz, now()),
          last_status_code = ${code},
          last_latency_ms = ${latency},
          last_error = ${error},
          updated_at = now()
        where id = ${claimed.id} and status = 'pending' and attempts = ${claimed.attempts}
        returning id`),
    );
    if (updated.length > 0 && nextAttemptAt) {
      await enqueueDeliveryAttempt(tx, { deliveryId: claimed.id, attempt: claimed.attempts + 1, runAt: nextAttemptAt });
    }
  });
  return status;
}

/**
 * One delivery attempt (the `deliver-webhook` job): POSTs the event, signed, to the endpoint's pinned,
 * policy-checked address, records the result in webhook_deliveries and schedules the retry. graphile-worker
 * runs each job on one worker at a time, so an attempt is made once per job run.
 */
export async function deliverWebhook(db: Db, input: { deliveryId: string; attempt: number }, options: DeliverOptions = {}): Promise<DeliveryResult> {
  const claimed = await claim(db, input.deliveryId, input.attempt);
  if (!claimed) return "skipped";
  const outcome = await attemptDelivery(db, claimed, options);
  const status = await record(db, claimed, outcome, options);
  if (status !== "succeeded") {
    log.info("webhook delivery not accepted", { deliveryId: claimed.id, attempt: claimed.attempts, status, error: outcome.kind === "succeeded" ? null : outcome.error });
  }
  return status;
}
