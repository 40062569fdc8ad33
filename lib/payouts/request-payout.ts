import { createHash } from "node:crypto";
import { and, eq, inArray, ne, sql } from "drizzle-orm";
import { recordAudit } from "@/lib/audit/record-audit";
import { getEnv } from "@/lib/config/env";
import { holdCredits } from "@/lib/credits/hold-credits";
import type { Db, Executor } from "@/lib/db";
import { accounts, ledgerEntries, orders, payoutAllocations, payouts, refunds } from "@/lib/db/schema";
import { AppError, notFound } from "@/lib/errors";
import { newId } from "@/lib/ids";
import { OFFLINE_ORDER_ENV } from "@/lib/offline-payments/record-offline-payment";
import { COMMITTED_STATUSES } from "@/lib/refunds/refund-rules";
import { allocatePayout, creditsLeftOn, type AllocatableOrder } from "./allocate-payout";
import { beneficiaryIdFor, COMMITTED_PAYOUT_STATUSES, type PayoutRow } from "./payout-rules";
import type { RequestPayoutBody } from "./schemas";

export interface RequestPayoutInput {
  accountId: string;
  body: RequestPayoutBody;
  requestedByUserId: string | null;
  requestedByApiKeyId: string | null;
  /** Payouts above this need two different operators (default: PAYOUT_SECOND_APPROVAL_ABOVE_PAISE). */
  secondApprovalAbovePaise?: bigint;
  now?: Date;
}

/** Cashfree's smallest transfer is ₹1. */
const MIN_PAYOUT_PAISE = 100n;

/**
 * An account asks to withdraw unused prepaid credits to a bank account. One transaction, locks in this order (as
 * every refund writer: orders before the account): the account's paid Cashfree top-ups (FOR UPDATE, by id), then
 * the account row (FOR UPDATE, before its balance is read; holdCredits takes it again). What may be withdrawn is min(credits left on those top-ups after their refunds
 * and payouts, balance − coupon credits): coupon credits are never paid out as money. The credits are allocated to
 * the newest top-ups first (LIFO), the payout and its allocations written, and the credits held at once (ledger
 * kind `payout`, cause `payout:<id>`). Short → 402 `insufficient_balance` with `available_credits`; nothing is
 * written. An operator decides next (approve-payout.ts).
 */
export async function requestPayout(db: Db, input: RequestPayoutInput): Promise<PayoutRow> {
  const now = input.now ?? new Date();
  const limitPaise = input.secondApprovalAbovePaise ?? BigInt(getEnv().PAYOUT_SECOND_APPROVAL_ABOVE_PAISE);
  const { credits, beneficiary, note } = input.body;
  return db.transaction(async (tx) => {
    const candidates = await allocatableOrders(tx, input.accountId, { lock: true });
    const available = await withdrawable(tx, input.accountId, candidates, { lock: true });
    if (credits > available) throw shortOf(credits, available);
    const allocations = allocatePayout(candidates, credits);
    if (!allocations) throw shortOf(credits, available);
    const amountPaise = allocations.reduce((sum, a) => sum + a.amountPaise, 0n);
    if (amountPaise < MIN_PAYOUT_PAISE) {
      throw new AppError("invalid_request", "A payout must be worth at least ₹1.00.", { details: { amount_paise: amountPaise.toString() } });
    }

    const id = newId("po");
    const [payout] = await tx
      .insert(payouts)
      .values({
        id,
        accountId: input.accountId,
        credits,
        amountPaise,
        status: "requested",
        beneficiaryName: beneficiary.name,
        bankAccountNumber: beneficiary.account_number,
        bankIfsc: beneficiary.ifsc,
        cfBeneficiaryId: beneficiaryIdFor(input.accountId, beneficiary.account_number, beneficiary.ifsc, sha256Hex),
        note: note ?? null,
        requestedByUserId: input.requestedByUserId,
        requestedByApiKeyId: input.requestedByApiKeyId,
        approvalsRequired: amountPaise > limitPaise ? 2 : 1,
        createdAt: now,
        updatedAt: now,
      })
      .returning();
    await tx.insert(payoutAllocations).values(allocations.map((a) => ({ payoutId: id, orderId: a.orderId, accountId: input.accountId, credits: a.credits, amountPaise: a.amountPaise })));
    const hold = await holdCredits(tx, {
      accountId: input.accountId,
      kind: "payout",
      amountCredits: credits,
      causeKey: `payout:${id}`,
      description: `Payout ${id}: ${credits} credits held for withdrawal to a bank account`,
      metadata: { payout_id: id },
    });
    if (hold.outcome === "insufficient_balance") throw shortOf(credits, hold.balanceCredits < available ? hold.balanceCredits : available);
    await recordAudit(tx, { action: "payout.request", accountId: input.accountId, targetType: "payout", targetId: id, after: { status: payout!.status, credits, amount_paise: amountPaise, beneficiary_name: beneficiary.name, bank_account_last4: beneficiary.account_number.slice(-4), bank_ifsc: payout!.bankIfsc, approvals_required: payout!.approvalsRequired } });
    return payout!;
  });
}

/** What the account could withdraw now (the dashboard's hint; requestPayout decides under its locks). */
export async function withdrawableCredits(db: Executor, accountId: string): Promise<bigint> {
  return withdrawable(db, accountId, await allocatableOrders(db, accountId, { lock: false }), { lock: false });
}

/** min(credits left on the paid top-ups, balance − coupon credits), never below zero. */
async function withdrawable(tx: Executor, accountId: string, candidates: readonly AllocatableOrder[], options: { lock: boolean }): Promise<bigint> {
  // Locked (after the orders) so that usage cannot spend the balance between this read and the hold.
  const accountQuery = tx.select({ balance: accounts.creditBalance }).from(accounts).where(eq(accounts.id, accountId));
  const [account] = options.lock ? await accountQuery.for("update") : await accountQuery;
  if (!account) throw notFound("Account");
  const [coupon] = await tx
    .select({ credits: sql<string>`coalesce(sum(${ledgerEntries.amountCredits}), 0)::text` })
    .from(ledgerEntries)
    .where(and(eq(ledgerEntries.accountId, accountId), eq(ledgerEntries.kind, "coupon")));
  const paidInBalance = account.balance - BigInt(coupon?.credits ?? "0");
  const left = creditsLeftOn(candidates);
  return paidInBalance < left ? (paidInBalance > 0n ? paidInBalance : 0n) : left;
}

/** The account's paid Cashfree top-ups (locked by id when asked), newest paid first, with what their refunds and payouts took. */
async function allocatableOrders(tx: Executor, accountId: string, options: { lock: boolean }): Promise<AllocatableOrder[]> {
  const query = tx
    .select({ id: orders.id, credits: orders.credits, amountPaise: orders.amountPaise, paidAt: orders.paidAt, createdAt: orders.createdAt })
    .from(orders)
    .where(and(eq(orders.accountId, accountId), eq(orders.type, "credit_topup"), eq(orders.status, "PAID"), ne(orders.cashfreeEnv, OFFLINE_ORDER_ENV)))
    .orderBy(orders.id);
  const rows = options.lock ? await query.for("update") : await query;
  if (rows.length === 0) return [];
  const ids = rows.map((r) => r.id);
  const refunded = await tx
    .select({ orderId: refunds.orderId, credits: sql<string>`sum(${refunds.credits})::text`, paise: sql<string>`sum(${refunds.amountPaise})::text` })
    .from(refunds)
    .where(and(inArray(refunds.orderId, ids), inArray(refunds.status, [...COMMITTED_STATUSES])))
    .groupBy(refunds.orderId);
  const withdrawn = await tx
    .select({ orderId: payoutAllocations.orderId, credits: sql<string>`sum(${payoutAllocations.credits})::text`, paise: sql<string>`sum(${payoutAllocations.amountPaise})::text` })
    .from(payoutAllocations)
    .innerJoin(payouts, eq(payouts.id, payoutAllocations.payoutId))
    .where(and(inArray(payoutAllocations.orderId, ids), inArray(payouts.status, [...COMMITTED_PAYOUT_STATUSES])))
    .groupBy(payoutAllocations.orderId);
  const prior = new Map<string, { credits: bigint; paise: bigint }>();
  for (const r of [...refunded, ...withdrawn]) {
    const seen = prior.get(r.orderId) ?? { credits: 0n, paise: 0n };
    prior.set(r.orderId, { credits: seen.credits + BigInt(r.credits), paise: seen.paise + BigInt(r.paise) });
  }
  // Cashfree's payment_time (the time of supply, paid_at) has whole seconds: two top-ups paid in one second are
  // ordered by when they were created.
  const newestFirst = [...rows].sort((a, b) => time(b) - time(a) || b.createdAt.getTime() - a.createdAt.getTime() || (a.id < b.id ? 1 : -1));
  return newestFirst.map((r) => ({
    orderId: r.id,
    orderCredits: r.credits,
    orderAmountPaise: r.amountPaise,
    priorCredits: prior.get(r.id)?.credits ?? 0n,
    priorAmountPaise: prior.get(r.id)?.paise ?? 0n,
  }));
}

const time = (r: { paidAt: Date | null; createdAt: Date }) => (r.paidAt ?? r.createdAt).getTime();
const sha256Hex = (text: string) => createHash("sha256").update(text).digest("hex");

function shortOf(requested: bigint, available: bigint): AppError {
  return new AppError("insufficient_balance", `Not enough withdrawable credits: ${available} of your paid credits can be paid out now.`, {
    details: { requested_credits: requested.toString(), available_credits: available.toString() },
  });
}
