import { and, eq, gte, inArray, lt, sql } from "drizzle-orm";
import { cashfreeOrderIdOf } from "@/lib/orders/cashfree-order-id";
import type { CashfreeClient } from "@/lib/cashfree";
import type { Db } from "@/lib/db";
import { orders, reconciliationMismatches, reconciliationRuns, refunds } from "@/lib/db/schema";
import { log } from "@/lib/log";
import { istDateString } from "@/lib/money/ist";
import { fetchReconLines } from "./fetch-recon-lines";
import { findMismatches, type Mismatch } from "./find-mismatches";
import { previousIstDay } from "./reconciliation-period";
import type { ReconciliationRunRow } from "./start-reconciliation";

/** The IST day the daily job reconciles at `now`: the last one that ended at least `graceMs` ago. */
export function settledDayOf(now: Date, graceMs: number = SETTLEMENT_GRACE_MS): { from: Date; to: Date } {
  return previousIstDay(new Date(now.getTime() - graceMs));
}

/** Cashfree settles T+1 to T+2 working days; a long weekend makes it four calendar days. */
export const SETTLEMENT_GRACE_MS = 4 * 24 * 60 * 60 * 1000;

export interface ReconciliationDeps {
  db: Db;
  cashfree: CashfreeClient;
  /** The clock; tests pin it. */
  now?: () => Date;
  settlementGraceMs?: number;
}

export type RunOutcome =
  | { outcome: "succeeded"; run: ReconciliationRunRow }
  /** It had already succeeded (a retried or repeated job): nothing is done again. */
  | { outcome: "already_succeeded"; run: ReconciliationRunRow }
  | { outcome: "not_found" };

/**
 * Does one run: reads Cashfree's settlement recon for settlements made from the period's start to its end plus
 * the grace (but not after now), Khata's PAID orders (of this Cashfree environment) paid in the period and its
 * refunds completed in it, and records every mismatch (findMismatches). Idempotent: a run that failed half-way
 * is redone from scratch by its retried job — its mismatches are replaced, with its counts, in ONE transaction
 * at the end; nothing is locked while Cashfree is read. A failure is written on the run and rethrown (the job
 * retries, and out of attempts shows on /operator/jobs).
 */
export async function runReconciliation(deps: ReconciliationDeps, runId: string): Promise<RunOutcome> {
  const now = deps.now ? deps.now() : new Date();
  const [run] = await deps.db.select().from(reconciliationRuns).where(eq(reconciliationRuns.id, runId));
  if (!run) return { outcome: "not_found" };
  if (run.status === "succeeded") return { outcome: "already_succeeded", run };
  await deps.db.update(reconciliationRuns).set({ status: "running", startedAt: now, error: null }).where(eq(reconciliationRuns.id, runId));

  try {
    const period = { from: run.periodStart, to: run.periodEnd };
    const graceMs = deps.settlementGraceMs ?? SETTLEMENT_GRACE_MS;
    const windowEnd = new Date(Math.min(period.to.getTime() + graceMs, now.getTime()));
    const lines = windowEnd > period.from ? await fetchReconLines(deps.cashfree, { from: period.from, to: windowEnd }) : [];
    const env = deps.cashfree.env;

    const paid = await deps.db
      .select({ orderId: orders.id, cfPayingOrderId: orders.cfPayingOrderId, cfPaymentId: orders.cfPaymentId, amountPaise: sql<string>`coalesce(${orders.paidAmountPaise}, ${orders.amountPaise})::text`, paidAt: orders.paidAt })
      .from(orders)
      .where(and(eq(orders.status, "PAID"), eq(orders.cashfreeEnv, env), gte(orders.paidAt, period.from), lt(orders.paidAt, period.to)));
    const succeeded = await deps.db
      .select({ refundId: refunds.id, orderId: refunds.orderId, amountPaise: refunds.amountPaise, completedAt: refunds.completedAt, createdAt: refunds.createdAt })
      .from(refunds)
      .innerJoin(orders, eq(orders.id, refunds.orderId))
      .where(and(eq(refunds.status, "succeeded"), eq(orders.cashfreeEnv, env), gte(refunds.completedAt, period.from), lt(refunds.completedAt, period.to)));

    const linePayments = [...new Set(lines.flatMap((l) => (l.eventType === "PAYMENT" && l.cfPaymentId ? [l.cfPaymentId] : [])))];
    const lineRefunds = [...new Set(lines.flatMap((l) => (l.eventType === "REFUND" && l.refundId ? [l.refundId] : [])))];
    const knownPayments = linePayments.length
      ? await deps.db.select({ id: orders.cfPaymentId }).from(orders).where(and(eq(orders.status, "PAID"), inArray(orders.cfPaymentId, linePayments)))
      : [];
    const knownRefunds = lineRefunds.length
      ? await deps.db.select({ id: refunds.id }).from(refunds).where(and(eq(refunds.status, "succeeded"), inArray(refunds.id, lineRefunds)))
      : [];

    const mismatches = findMismatches({
      period,
      now,
      settlementGraceMs: graceMs,
      orders: paid.map((o) => ({ orderId: o.orderId, cfOrderId: cashfreeOrderIdOf({ id: o.orderId, cfPayingOrderId: o.cfPayingOrderId }), cfPaymentId: o.cfPaymentId, amountPaise: BigInt(o.amountPaise), paidAt: o.paidAt ?? period.from })),
      refunds: succeeded.map((r) => ({ refundId: r.refundId, orderId: r.orderId, amountPaise: r.amountPaise, completedAt: r.completedAt ?? r.createdAt })),
      lines,
      paymentsKnownElsewhere: new Set(knownPayments.flatMap((k) => (k.id ? [k.id] : []))),
      refundsKnownElsewhere: new Set(knownRefunds.map((k) => k.id)),
    });

    const finished = await recordResult(deps.db, runId, mismatches, {
      ordersChecked: paid.length,
      refundsChecked: succeeded.length,
      settlementEventsRead: lines.length,
      finishedAt: deps.now ? deps.now() : new Date(),
    });
    if (mismatches.length > 0) log.warn("reconciliation found mismatches", { runId, mismatches: mismatches.length });
    return { outcome: "succeeded", run: finished };
  } catch (error) {
    const message = (error instanceof Error ? error.message : String(error)).slice(0, 2000);
    await deps.db.update(reconciliationRuns).set({ status: "failed", error: message, finishedAt: deps.now ? deps.now() : new Date() }).where(eq(reconciliationRuns.id, runId));
    throw error;
  }
}

async function recordResult(
  db: Db,
  runId: string,
  mismatches: Mismatch[],
  counts: { ordersChecked: number; refundsChecked: number; settlementEventsRead: number; finishedAt: Date },
): Promise<ReconciliationRunRow> {
  return db.transaction(async (tx) => {
    await tx.delete(reconciliationMismatches).where(eq(reconciliationMismatches.runId, runId));
    if (mismatches.length > 0) await tx.insert(reconciliationMismatches).values(mismatches.map((m) => ({ runId, ...m })));
    const [row] = await tx
      .update(reconciliationRuns)
      .set({ status: "succeeded", error: null, mismatchCount: mismatches.length, ...counts })
      .where(eq(reconciliationRuns.id, runId))
      .returning();
    return row!;
  });
}

/**
 * The daily job: reconciles, once, the IST day that ended a settlement grace ago — the latest day whose
 * settlements are all in, so a payment Cashfree never settled is reported (a run of yesterday could not tell
 * it from one not settled yet). Its run id is the day (`rr_cron_20261128`), so a retried or repeated cron job
 * finds the same run, and a succeeded one is left alone. Recent days: the operator's button.
 */
export async function reconcileSettledDay(deps: ReconciliationDeps): Promise<RunOutcome> {
  const now = deps.now ? deps.now() : new Date();
  const period = settledDayOf(now, deps.settlementGraceMs ?? SETTLEMENT_GRACE_MS);
  const day = istDateString(period.from).replaceAll("-", "");
  const runId = `rr_cron_${day}`;
  await deps.db
    .insert(reconciliationRuns)
    .values({ id: runId, periodStart: period.from, periodEnd: period.to, triggeredBy: "cron", requestedAt: now })
    .onConflictDoNothing({ target: reconciliationRuns.id });
  return runReconciliation(deps, runId);
}
