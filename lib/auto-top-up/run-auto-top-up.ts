import { and, eq, sql } from "drizzle-orm";
import { accounts, autoTopUpCharges, autoTopUpSettings, orders } from "@/lib/db/schema";
import { newId } from "@/lib/ids";
import { log } from "@/lib/log";
import { istMonthKey } from "@/lib/money/ist";
import type { AutoTopUpChargeRow } from "./auto-top-up-view";
import { clock, type AutoTopUpDeps } from "./deps";
import { chargeableMandate, monthChargedPaise } from "./get-auto-top-up";
import { notifyAccount } from "@/lib/notifications/notify-account";
import { autoTopUpChargeAt, autoTopUpOrderId, autoTopUpPaymentId, RAISE_LEASE_MS } from "./rules";
import { markAutoTopUpDeclined } from "./settle-auto-top-up-charge";
import { raiseMandateCharge } from "@/lib/subscriptions/mandate-calls";

export type AutoTopUpOutcome = "raised" | "declined" | "disabled" | "pending" | "above_threshold" | "no_mandate" | "ceiling_reached" | "no_account";


/**
 * The `auto-top-up` job for one account. Decides under the settings row's lock, in one transaction: auto top-up
 * on (checked now, not when the job was queued), balance below the threshold, no pending auto top-up charge (a
 * partial unique index keeps it one), an active mandate that covers the amount, and this IST month's pending +
 * paid charges plus this one within the ceiling; then records the credit top-up order, the pending charge and its
 * pre-debit notice (the debit is scheduled AUTO_TOP_UP_DEBIT_AFTER_MS later).
 * The charge is raised on the mandate after commit with a payment_id derived from the charge id (Cashfree answers
 * a repeat with the first charge). A refusal marks it declined (balance untouched); an unreachable Cashfree
 * throws (the failure shows), and the sweep raises a charge Cashfree never acknowledged again after a lease.
 */
export async function runAutoTopUp(deps: AutoTopUpDeps, accountId: string): Promise<AutoTopUpOutcome> {
  const now = clock(deps);
  const decision = await deps.db.transaction(async (tx): Promise<AutoTopUpOutcome | AutoTopUpChargeRow> => {
    const [settings] = await tx.select().from(autoTopUpSettings).where(eq(autoTopUpSettings.accountId, accountId)).for("update");
    if (!settings || !settings.enabled) return "disabled";
    const [pending] = await tx
      .select()
      .from(autoTopUpCharges)
      .where(and(eq(autoTopUpCharges.accountId, accountId), eq(autoTopUpCharges.status, "pending")));
    if (pending) {
      if (pending.cfPaymentId !== null || pending.updatedAt.getTime() > now.getTime() - RAISE_LEASE_MS) return "pending";
      const [reclaimed] = await tx.update(autoTopUpCharges).set({ updatedAt: now }).where(eq(autoTopUpCharges.id, pending.id)).returning();
      return reclaimed!;
    }
    const [account] = await tx.select({ balance: accounts.creditBalance }).from(accounts).where(eq(accounts.id, accountId));
    if (!account) return "no_account";
    if (account.balance >= settings.thresholdCredits) return "above_threshold";
    const mandate = await chargeableMandate(tx, accountId, deps.cashfree.env);
    if (!mandate || mandate.maxAmountPaise < settings.amountPaise) {
      log.warn("auto top-up skipped: no active mandate covering the amount", { accountId });
      return "no_mandate";
    }
    const month = istMonthKey(now);
    if ((await monthChargedPaise(tx, accountId, month)) + settings.amountPaise > settings.monthlyCeilingPaise) return "ceiling_reached";

    const chargeId = newId("atc");
    const orderId = autoTopUpOrderId(chargeId);
    await tx.insert(orders).values({
      id: orderId,
      accountId,
      type: "credit_topup",
      credits: settings.amountPaise / 100n,
      amountPaise: settings.amountPaise,
      currency: "INR",
      status: "ACTIVE",
      cashfreeEnv: mandate.cashfreeEnv,
      createdAt: now,
      updatedAt: now,
    });
    const [charge] = await tx
      .insert(autoTopUpCharges)
      .values({
        id: chargeId,
        accountId,
        subscriptionId: mandate.id,
        orderId,
        paymentId: autoTopUpPaymentId(chargeId),
        status: "pending",
        amountPaise: settings.amountPaise,
        month,
        balanceAtTriggerCredits: account.balance,
        createdAt: now,
        updatedAt: now,
      })
      .returning();
    // The pre-debit notice, in the decision's transaction: one per charge (dedupe key), before any raise.
    await notifyAccount(tx, {
      accountId,
      kind: "auto-top-up-pre-debit",
      dedupeKey: `auto-top-up-pre-debit:${chargeId}`,
      data: {
        amountPaise: settings.amountPaise.toString(),
        credits: (settings.amountPaise / 100n).toString(),
        balanceCredits: account.balance.toString(),
        thresholdCredits: settings.thresholdCredits.toString(),
        chargeAt: autoTopUpChargeAt(now).toISOString(),
        url: `${deps.appUrl ?? ""}/billing/plans`,
      },
    });
    return charge!;
  });
  if (typeof decision === "string") return decision;
  return raise(deps, decision, now);
}

async function raise(deps: AutoTopUpDeps, charge: AutoTopUpChargeRow, now: Date): Promise<AutoTopUpOutcome> {
  const raised = await raiseMandateCharge(deps.cashfree, {
    subscriptionId: charge.subscriptionId,
    paymentId: charge.paymentId,
    amountPaise: charge.amountPaise,
    // At least 24 h after the notice (sent when the charge was decided); the same date on every raise of it.
    debitAt: autoTopUpChargeAt(charge.createdAt),
    remarks: "Khata auto top-up",
  });
  if (raised.outcome === "raised") {
    // Only while still pending: the success webhook may already have settled it.
    await deps.db
      .update(autoTopUpCharges)
      .set({ cfPaymentId: sql`coalesce(${autoTopUpCharges.cfPaymentId}, ${raised.cfPaymentId})`, attempts: sql`${autoTopUpCharges.attempts} + 1` })
      .where(and(eq(autoTopUpCharges.id, charge.id), eq(autoTopUpCharges.accountId, charge.accountId)));
    return "raised";
  }
  if (raised.outcome === "refused") {
    await deps.db.transaction(async (tx) => {
      const [locked] = await tx.select().from(autoTopUpCharges).where(eq(autoTopUpCharges.id, charge.id)).for("update");
      if (locked) await markAutoTopUpDeclined(tx, locked, { cfPaymentId: null, reason: raised.reason }, now);
    });
    return "declined";
  }
  log.warn("auto top-up charge not raised; the job retries", { chargeId: charge.id, error: raised.error.message });
  throw raised.error;
}
