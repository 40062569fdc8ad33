import { and, eq, isNotNull, lt, sql } from "drizzle-orm";
import { CashfreeError } from "@/lib/cashfree";
import { accounts, autoTopUpCharges, autoTopUpSettings, subscriptions } from "@/lib/db/schema";
import { enqueueJob } from "@/lib/jobs/enqueue-job";
import { log } from "@/lib/log";
import { rupeeAmountToPaise } from "@/lib/orders/settle-order";
import { clock, type AutoTopUpDeps } from "./deps";
import { DECLINE_COOLDOWN_MS, RAISE_LEASE_MS, autoTopUpJobKey } from "./rules";
import { markAutoTopUpDeclined, markAutoTopUpSucceeded } from "./settle-auto-top-up-charge";

const BATCH = 500;

export interface SweepResult {
  enqueued: number;
  resolved: number;
}

/**
 * The safety net (cron `sweep-auto-top-ups`), so auto top-up never silently stops (Lago #5992): the usage path
 * enqueues only on a crossing, so an account left below its threshold (a charge declined, a job lost, a top-up too
 * small to lift it back) gets its `auto-top-up` job here — unless a charge is pending, or one was declined within
 * the cooldown. Pending charges whose webhook never came are asked of Cashfree and settled or declined.
 */
export async function sweepAutoTopUps(deps: AutoTopUpDeps): Promise<SweepResult> {
  const now = clock(deps);
  const leaseCutoff = new Date(now.getTime() - RAISE_LEASE_MS);
  const cooldownCutoff = new Date(now.getTime() - DECLINE_COOLDOWN_MS);
  const due = await deps.db
    .select({ accountId: autoTopUpSettings.accountId })
    .from(autoTopUpSettings)
    .innerJoin(accounts, eq(accounts.id, autoTopUpSettings.accountId))
    .where(
      and(
        eq(autoTopUpSettings.enabled, true),
        lt(accounts.creditBalance, autoTopUpSettings.thresholdCredits),
        sql`not exists (select 1 from ${autoTopUpCharges} c where c.account_id = ${autoTopUpSettings.accountId} and c.status = 'pending'
              and (c.cf_payment_id is not null or c.updated_at >= ${leaseCutoff.toISOString()}::timestamptz))`,
        sql`not exists (select 1 from ${autoTopUpCharges} c where c.account_id = ${autoTopUpSettings.accountId} and c.status = 'failed'
              and c.updated_at >= ${cooldownCutoff.toISOString()}::timestamptz)`,
        // Without a chargeable mandate the job could only skip: the Plans page says so instead of a job every sweep.
        sql`exists (select 1 from ${subscriptions} m where m.account_id = ${autoTopUpSettings.accountId} and m.status = 'active'
              and m.cf_subscription_id is not null and m.cashfree_env = ${deps.cashfree.env})`,
      ),
    )
    .orderBy(autoTopUpSettings.accountId)
    .limit(BATCH);
  for (const { accountId } of due) {
    await enqueueJob(deps.db, "auto-top-up", { accountId }, { jobKey: autoTopUpJobKey(accountId) });
  }

  const stale = await deps.db
    .select()
    .from(autoTopUpCharges)
    .where(and(eq(autoTopUpCharges.status, "pending"), isNotNull(autoTopUpCharges.cfPaymentId), lt(autoTopUpCharges.updatedAt, leaseCutoff)))
    .limit(BATCH);
  let resolved = 0;
  for (const charge of stale) {
    try {
      const payment = await deps.cashfree.getSubscriptionPayment(charge.subscriptionId, charge.paymentId);
      const status = payment.payment_status;
      if (status !== "SUCCESS" && status !== "FAILED" && status !== "CANCELLED") continue;
      await deps.db.transaction(async (tx) => {
        const [locked] = await tx.select().from(autoTopUpCharges).where(eq(autoTopUpCharges.id, charge.id)).for("update");
        if (!locked || locked.status !== "pending") return;
        const cfPaymentId = String(payment.cf_payment_id ?? charge.cfPaymentId);
        if (status === "SUCCESS") {
          const amount = payment.payment_amount ?? -1;
          await markAutoTopUpSucceeded(tx, locked, { cfPaymentId, amount: rupeeAmountToPaise(amount) === null ? -1 : amount }, now);
        } else {
          await markAutoTopUpDeclined(tx, locked, { cfPaymentId, reason: status }, now);
        }
      });
      resolved++;
    } catch (error) {
      if (!(error instanceof CashfreeError)) throw error;
      log.warn("auto top-up sweep could not ask Cashfree about a pending charge", { chargeId: charge.id, error: error.message });
    }
  }
  return { enqueued: due.length, resolved };
}
