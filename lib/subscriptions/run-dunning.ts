import { and, asc, eq, isNotNull, isNull, lt, lte, ne, or, sql } from "drizzle-orm";
import { subscriptionChargeRetries, subscriptionCharges, subscriptionDunning, subscriptions } from "@/lib/db/schema";
import { log } from "@/lib/log";
import { clock, type SubscriptionDeps } from "./deps";
import { afterAttemptFailed, lapse, startDunning } from "./handle-charge-failure";
import { RAISE_LEASE_MS } from "./renewal-rules";
import { cancelMandate, raiseMandateCharge } from "./mandate-calls";

const BATCH = 100;

export interface DunningRunResult {
  started: number;
  raised: number;
  skipped: number;
  refused: number;
  errors: number;
  lapsed: number;
  mandatesCancelled: number;
}

/**
 * The `run-dunning` cron: the dunning of failed renewal cycles (docs/BILLING.md "Renewal dunning"), each step
 * state-based and safe to run on several workers at once:
 * 1. a cycle charge Cashfree refused at raise time (its FAILED webhook starts dunning itself) starts its dunning;
 * 2. retries whose time has come are raised, one worker per retry (a conditional claim), each with its own
 *    payment_id; Cashfree refusing one counts as that attempt failing;
 * 3. a dunning whose grace ran out, or whose mandate the owner cancelled meanwhile, lapses the plan;
 * 4. a lapsed cycle's mandate is cancelled on Cashfree.
 * Throws when Cashfree could not be reached for any due retry (the runner retries with backoff).
 */
export async function runDunning(deps: SubscriptionDeps): Promise<DunningRunResult> {
  const result: DunningRunResult = { started: 0, raised: 0, skipped: 0, refused: 0, errors: 0, lapsed: 0, mandatesCancelled: 0 };
  result.started = await startRefusedDunning(deps);
  result.lapsed = await lapseOverdueDunning(deps);
  Object.assign(result, await raiseDueRetries(deps));
  result.mandatesCancelled = await cancelLapsedMandates(deps);
  return result;
}

const ctxOf = (deps: SubscriptionDeps) => ({ now: clock(deps), appUrl: deps.appUrl });

async function startRefusedDunning(deps: SubscriptionDeps): Promise<number> {
  const due = await deps.db
    .select({ id: subscriptionCharges.id })
    .from(subscriptionCharges)
    .innerJoin(subscriptions, eq(subscriptions.id, subscriptionCharges.subscriptionId))
    .where(
      and(
        eq(subscriptionCharges.status, "failed"),
        eq(subscriptions.status, "past_due"),
        eq(subscriptions.cashfreeEnv, deps.cashfree.env),
        sql`not exists (select 1 from ${subscriptionDunning} d where d.charge_id = ${subscriptionCharges.id})`,
      ),
    )
    .limit(BATCH);
  let started = 0;
  for (const { id } of due) {
    if (await deps.db.transaction((tx) => startDunning(tx, ctxOf(deps), id))) started++;
  }
  return started;
}

async function lapseOverdueDunning(deps: SubscriptionDeps): Promise<number> {
  const now = clock(deps);
  const due = await deps.db
    .select({ chargeId: subscriptionDunning.chargeId })
    .from(subscriptionDunning)
    .innerJoin(subscriptions, eq(subscriptions.id, subscriptionDunning.subscriptionId))
    .where(and(eq(subscriptionDunning.status, "retrying"), or(lte(subscriptionDunning.graceEndsAt, now), ne(subscriptions.status, "past_due"))))
    .limit(BATCH);
  let lapsed = 0;
  for (const { chargeId } of due) {
    const done = await deps.db.transaction(async (tx) => {
      // The cycle's charge row first, as every event of the cycle locks it.
      await tx.select({ id: subscriptionCharges.id }).from(subscriptionCharges).where(eq(subscriptionCharges.id, chargeId)).for("update");
      const [dunning] = await tx.select().from(subscriptionDunning).where(eq(subscriptionDunning.chargeId, chargeId)).for("update");
      if (!dunning || dunning.status !== "retrying") return false;
      const [sub] = await tx.select({ status: subscriptions.status }).from(subscriptions).where(eq(subscriptions.id, dunning.subscriptionId));
      if (sub?.status === "past_due" && dunning.graceEndsAt > ctxOf(deps).now) return false;
      await lapse(tx, ctxOf(deps), dunning, sub?.status === "past_due" ? "grace_over" : "cancelled");
      return true;
    });
    if (done) lapsed++;
  }
  return lapsed;
}

/** Step 2, as raiseDueCharges does for a cycle's own charge (lib/subscriptions/run-renewals.ts). */
async function raiseDueRetries(deps: SubscriptionDeps): Promise<Pick<DunningRunResult, "raised" | "skipped" | "refused" | "errors">> {
  const now = clock(deps);
  const leaseCutoff = new Date(now.getTime() - RAISE_LEASE_MS);
  const claimable = or(
    and(eq(subscriptionChargeRetries.status, "notified"), lte(subscriptionChargeRetries.chargeAt, now)),
    and(eq(subscriptionChargeRetries.status, "raised"), isNull(subscriptionChargeRetries.cfPaymentId), lt(subscriptionChargeRetries.updatedAt, leaseCutoff)),
  );
  const due = await deps.db
    .select({ id: subscriptionChargeRetries.id })
    .from(subscriptionChargeRetries)
    .innerJoin(subscriptions, eq(subscriptions.id, subscriptionChargeRetries.subscriptionId))
    .where(and(claimable, eq(subscriptions.status, "past_due"), eq(subscriptions.cashfreeEnv, deps.cashfree.env), isNotNull(subscriptions.cfSubscriptionId)))
    .orderBy(asc(subscriptionChargeRetries.chargeAt))
    .limit(BATCH);
  const result = { raised: 0, skipped: 0, refused: 0, errors: 0 };
  let lastError: unknown = null;
  for (const { id } of due) {
    const [retry] = await deps.db
      .update(subscriptionChargeRetries)
      .set({ status: "raised", raises: sql`${subscriptionChargeRetries.raises} + 1`, updatedAt: now })
      .where(and(eq(subscriptionChargeRetries.id, id), claimable))
      .returning();
    if (!retry) {
      result.skipped++;
      continue;
    }
    const raised = await raiseMandateCharge(deps.cashfree, {
      subscriptionId: retry.subscriptionId,
      paymentId: retry.paymentId,
      amountPaise: retry.amountPaise,
      debitAt: retry.chargeAt,
      remarks: `Khata renewal ${retry.cycleKey} retry ${retry.attempt - 1}`,
    });
    if (raised.outcome === "raised") {
      await deps.db
        .update(subscriptionChargeRetries)
        .set({ cfPaymentId: raised.cfPaymentId, updatedAt: now })
        .where(and(eq(subscriptionChargeRetries.id, retry.id), eq(subscriptionChargeRetries.accountId, retry.accountId)));
      result.raised++;
    } else if (raised.outcome === "refused") {
      const error = raised.error;
      await deps.db.transaction(async (tx) => {
        await tx.select({ id: subscriptionCharges.id }).from(subscriptionCharges).where(eq(subscriptionCharges.id, retry.chargeId)).for("update");
        const [failed] = await tx
          .update(subscriptionChargeRetries)
          .set({ status: "failed", failureReason: raised.reason, updatedAt: now })
          .where(and(eq(subscriptionChargeRetries.id, retry.id), eq(subscriptionChargeRetries.status, "raised")))
          .returning();
        const [dunning] = await tx.select().from(subscriptionDunning).where(eq(subscriptionDunning.chargeId, retry.chargeId));
        if (failed && dunning) await afterAttemptFailed(tx, ctxOf(deps), dunning, retry.attempt);
      });
      log.warn("renewal retry refused by Cashfree", { retryId: retry.id, code: error.code });
      result.refused++;
    } else {
      log.warn("renewal retry not raised; retried after the lease", { retryId: retry.id, error: raised.error.message });
      result.errors++;
      lastError = raised.error;
    }
  }
  if (lastError && result.raised === 0 && result.refused === 0) throw lastError;
  return result;
}

async function cancelLapsedMandates(deps: SubscriptionDeps): Promise<number> {
  const due = await deps.db
    .select({ chargeId: subscriptionDunning.chargeId, subscriptionId: subscriptionDunning.subscriptionId })
    .from(subscriptionDunning)
    .innerJoin(subscriptions, eq(subscriptions.id, subscriptionDunning.subscriptionId))
    .where(and(eq(subscriptionDunning.status, "lapsed"), isNull(subscriptionDunning.mandateCancelledAt), eq(subscriptions.cashfreeEnv, deps.cashfree.env), isNotNull(subscriptions.cfSessionId)))
    .limit(BATCH);
  let cancelled = 0;
  for (const row of due) {
    try {
      await cancelMandate(deps.cashfree, row.subscriptionId);
    } catch (error) {
      log.warn("lapsed renewal mandate not cancelled on Cashfree yet; the next run retries", { subscriptionId: row.subscriptionId, error: error instanceof Error ? error.message : String(error) });
      continue;
    }
    await deps.db.update(subscriptionDunning).set({ mandateCancelledAt: clock(deps), updatedAt: clock(deps) }).where(eq(subscriptionDunning.chargeId, row.chargeId));
    cancelled++;
  }
  return cancelled;
}
