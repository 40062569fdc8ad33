import { verifySubscriptionWebhook } from "@/lib/cashfree";
import { getEnv } from "@/lib/config/env";
import type { Db } from "@/lib/db";
import { log } from "@/lib/log";
import { applyRenewalEvent, type RenewalEventOutcome } from "./apply-renewal-event";
import { recordSubscriptionWebhook, type RecordedSubscriptionWebhook } from "./subscription-inbox";

export type SubscriptionWebhookResult =
  | { ok: true; outcome: RenewalEventOutcome | "ignored" }
  | { ok: false; reason: "missing_headers" | "bad_timestamp" | "stale" | "future" | "bad_signature" | "bad_payload" };

/**
 * A Cashfree subscription webhook verified and applied at once, in one transaction (tests and tools; the route goes
 * through the durable inbox below). The effects are idempotent by state (applyRenewalEvent, with dunning), so a
 * redelivery changes nothing.
 */
export async function handleSubscriptionWebhook(
  /** `now`: the business clock (periods, paid_at); `receivedAtMs`: the replay window's clock (default the real one). */
  deps: { db: Db; secret: string; now?: () => Date; receivedAtMs?: () => number; appUrl?: string },
  input: { rawBody: string; headers: Headers },
): Promise<SubscriptionWebhookResult> {
  const now = deps.now ? deps.now() : new Date();
  const verdict = verifySubscriptionWebhook({ rawBody: input.rawBody, headers: input.headers, secret: deps.secret, now: deps.receivedAtMs ? deps.receivedAtMs() : Date.now() });
  if (!verdict.ok) {
    if (verdict.reason === "ignored_type") return { ok: true, outcome: "ignored" };
    return { ok: false, reason: verdict.reason };
  }
  const outcome = await deps.db.transaction((tx) => applyRenewalEvent(tx, verdict.event, { now, appUrl: deps.appUrl }));
  log.info("subscription webhook applied", { type: verdict.event.type, outcome });
  return { ok: true, outcome };
}

/** The route's entry: the durable inbox (lib/subscriptions/subscription-inbox.ts); a rejected delivery is a 4xx envelope (Cashfree retries it). */
export async function receiveSubscriptionWebhook(db: Db, input: { rawBody: string; headers: Headers }): Promise<RecordedSubscriptionWebhook> {
  return recordSubscriptionWebhook({ db, secret: getEnv().CASHFREE_CLIENT_SECRET }, input);
}
