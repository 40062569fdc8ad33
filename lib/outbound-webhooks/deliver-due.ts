import { eq, sql } from "drizzle-orm";
import { getEnv } from "@/lib/config/env";
import type { Db } from "@/lib/db";
import { outboxEvents, webhookEndpoints } from "@/lib/db/schema";
import { log } from "@/lib/log";
import { DELIVERY_TIMEOUT_MS, postPinned, type PostResult } from "./post-pinned";
import { decryptSecret } from "./secret-box";
import { EVENT_ID_HEADER, SIGNATURE_HEADER, signatureHeader } from "./sign-payload";
import { defaultTargetPolicy, resolveTarget, WebhookTargetRefused, type LookupAll, type TargetPolicy } from "./webhook-target";

export const DEFAULT_MAX_ATTEMPTS = 10;
/** A claim lasts longer than one delivery can (timeout 10 s): a crashed worker's claims are retaken after it. */
const LEASE_SECONDS = 60;

export interface DeliverOptions {
  /** Deliveries claimed per call. */
  limit?: number;
  maxAttempts?: number;
  /** Delay before attempt n+1 after n failed attempts. */
  backoffMs?: (failedAttempts: number) => number;
  timeoutMs?: number;
  policy?: TargetPolicy;
  lookupAll?: LookupAll;
}

export interface DeliverSummary {
  fannedOut: number;
  claimed: number;
  succeeded: number;
  retrying: number;
  failed: number;
}

/** Production: 30 s doubling to a 6 h ceiling with ±20 % jitter. Test mode: 20 ms doubling. */
export function defaultBackoffMs(failedAttempts: number): number {
  const exponent = Math.max(0, failedAttempts - 1);
  if (getEnv().NODE_ENV === "test") return 20 * 2 ** exponent;
  const base = Math.min(30_000 * 2 ** exponent, 6 * 60 * 60 * 1000);
  return Math.round(base * (0.8 + Math.random() * 0.4));
}

function rowsOf<T>(result: unknown): T[] {
  return (Array.isArray(result) ? result : (result as { rows: T[] }).rows) as T[];
}

/**
 * Turns pending outbox events into one delivery per subscribed endpoint of the event's account. Events are
 * claimed with FOR UPDATE SKIP LOCKED, so several workers fan out different events; the unique
 * (endpoint, event) pair makes a repeat harmless.
 */
export async function fanOutEvents(db: Db, limit = 200): Promise<number> {
  const rows = rowsOf<{ id: string }>(
    await db.execute(sql`
      with picked as (
        select id, account_id, event_type from outbox_events
        where fanned_out_at is null
        order by created_at
        limit ${limit}
        for update skip locked
      ), created as ( -- data-modifying CTEs always run, referenced or not
        insert into webhook_deliveries (id, endpoint_id, event_id, status, attempts, next_attempt_at, created_at)
        select 'whd_' || replace(gen_random_uuid()::text, '-', ''), e.id, p.id, 'pending', 0, now(), now()
        from picked p
        join webhook_endpoints e on e.account_id = p.account_id and e.disabled_at is null and p.event_type = any(e.events)
        on conflict (endpoint_id, event_id) do nothing
      )
      update outbox_events set fanned_out_at = now()
      where id in (select id from picked)
      returning id`),
  );
  return rows.length;
}

interface Claimed {
  id: string;
  endpoint_id: string;
  event_id: string;
  attempts: number;
  lease: string;
}

/** Claims due deliveries (FOR UPDATE SKIP LOCKED + a lease), so concurrent workers never take the same one. */
async function claimDue(db: Db, limit: number): Promise<Claimed[]> {
  return rowsOf<Claimed>(
    await db.execute(sql`
      update webhook_deliveries d
      set locked_until = now() + make_interval(secs => ${LEASE_SECONDS}), attempts = d.attempts + 1, updated_at = now()
      from (
        select id from webhook_deliveries
        where status = 'pending' and next_attempt_at <= now() and (locked_until is null or locked_until <= now())
        order by next_attempt_at
        limit ${limit}
        for update skip locked
      ) due
      where d.id = due.id
      returning d.id, d.endpoint_id, d.event_id, d.attempts, d.locked_until::text as lease`),
  ).map((r) => ({ ...r, attempts: Number(r.attempts) }));
}

type Outcome =
  | { kind: "succeeded"; result: PostResult }
  | { kind: "failed_response"; result: PostResult; error: string }
  | { kind: "error"; error: string; permanent: boolean; latencyMs: number | null };

async function attempt(db: Db, claimed: Claimed, options: Required<Pick<DeliverOptions, "timeoutMs">> & DeliverOptions): Promise<Outcome> {
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
      timeoutMs: options.timeoutMs,
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

async function record(db: Db, claimed: Claimed, outcome: Outcome, options: DeliverOptions): Promise<"succeeded" | "retrying" | "failed"> {
  const maxAttempts = options.maxAttempts ?? DEFAULT_MAX_ATTEMPTS;
  const backoff = options.backoffMs ?? defaultBackoffMs;
  let status: "succeeded" | "retrying" | "failed";
  if (outcome.kind === "succeeded") status = "succeeded";
  else if ((outcome.kind === "error" && outcome.permanent) || claimed.attempts >= maxAttempts) status = "failed";
  else status = "retrying";
  const code = outcome.kind === "error" ? null : outcome.result.statusCode;
  const latency = outcome.kind === "error" ? outcome.latencyMs : outcome.result.latencyMs;
  const error = outcome.kind === "succeeded" ? null : outcome.error.slice(0, 1000);
  const delayMs = status === "retrying" ? backoff(claimed.attempts) : 0;
  // Only the lease holder records: a "send again" meanwhile (lease cleared) wins over this stale attempt.
  await db.execute(sql`
    update webhook_deliveries set
      status = ${status === "retrying" ? "pending" : status},
      next_attempt_at = now() + make_interval(secs => ${delayMs / 1000}),
      locked_until = null,
      last_status_code = ${code},
      last_latency_ms = ${latency},
      last_error = ${error},
      updated_at = now()
    where id = ${claimed.id} and locked_until = ${claimed.lease}::timestamptz`);
  return status;
}

/**
 * One worker pass: fan out new events, then claim due deliveries and POST each, signed, to its pinned,
 * policy-checked address. Safe to run in several instances at once (at-least-once delivery).
 */
export async function deliverDue(db: Db, options: DeliverOptions = {}): Promise<DeliverSummary> {
  const summary: DeliverSummary = { fannedOut: await fanOutEvents(db), claimed: 0, succeeded: 0, retrying: 0, failed: 0 };
  const claimed = await claimDue(db, options.limit ?? 25);
  summary.claimed = claimed.length;
  const timeoutMs = options.timeoutMs ?? DELIVERY_TIMEOUT_MS;
  await Promise.all(
    claimed.map(async (c) => {
      const outcome = await attempt(db, c, { ...options, timeoutMs });
      const status = await record(db, c, outcome, options);
      summary[status]++;
      if (status !== "succeeded") {
        log.info("webhook delivery not accepted", { deliveryId: c.id, attempt: c.attempts, status, error: outcome.kind === "succeeded" ? null : outcome.error });
      }
    }),
  );
  return summary;
}
