import { and, eq, sql } from "drizzle-orm";
import type { Db, Tx } from "@/lib/db";
import { accounts, ledgerEntries, monthlyUsage } from "@/lib/db/schema";
import { AppError, notFound } from "@/lib/errors";
import { istMonthKey } from "@/lib/money/ist";
import { remainingCredits, type RemainingCredits } from "./remaining-credits";

export interface ConsumeInput {
  accountId: string;
  amountCredits: bigint;
  /** The caller's id for this billable event: one consumption per key, whatever the retries. */
  idempotencyKey: string;
  apiKeyId?: string | null;
  description?: string;
  metadata?: Record<string, unknown>;
  now?: Date;
}

export interface ConsumeResult {
  eventId: string;
  consumedCredits: bigint;
  balanceCredits: bigint;
  month: string;
  usedThisMonthCredits: bigint;
  monthlyLimitCredits: bigint | null;
  /** After this consumption (for a replay: after the first one). */
  remaining: RemainingCredits;
  /** True when this key was consumed before: the first answer is returned and nothing is consumed again. */
  replayed: boolean;
  ledgerEntryId: bigint;
  createdAt: Date;
}

export const usageCauseKey = (accountId: string, idempotencyKey: string) => `usage:${accountId}:${idempotencyKey}`;

interface UsageMetadata {
  month: string;
  used_after: string;
  limit: string | null;
}

function fromEntry(
  entry: typeof ledgerEntries.$inferSelect,
  eventId: string,
  replayed: boolean,
): ConsumeResult {
  const meta = (entry.metadata ?? {}) as Partial<UsageMetadata>;
  const limit = meta.limit != null ? BigInt(meta.limit) : null;
  const used = BigInt(meta.used_after ?? "0");
  return {
    eventId,
    consumedCredits: -entry.amountCredits,
    balanceCredits: entry.balanceAfterCredits,
    month: meta.month ?? istMonthKey(entry.createdAt),
    usedThisMonthCredits: used,
    monthlyLimitCredits: limit,
    remaining: remainingCredits({ balanceCredits: entry.balanceAfterCredits, capCredits: limit, usedThisMonthCredits: used }),
    replayed,
    ledgerEntryId: entry.id,
    createdAt: entry.createdAt,
  };
}

/**
 * Consumes credits atomically against the balance and the account's monthly budget cap (IST calendar month).
 * Refusals (`insufficient_balance`, `budget_exceeded`, both 402) consume nothing and carry the numbers the
 * caller needs; they are not remembered, so the same event may succeed after a top-up.
 */
export async function consumeCreditsInTx(tx: Tx, input: ConsumeInput): Promise<ConsumeResult> {
  if (input.amountCredits <= 0n) throw new AppError("invalid_request", "credits must be a positive integer.");
  const causeKey = usageCauseKey(input.accountId, input.idempotencyKey);
  const month = istMonthKey(input.now ?? new Date());

  // The account row lock serialises every consumption (and grant) of one account.
  const [account] = await tx
    .select({ balance: accounts.creditBalance, limit: accounts.monthlyBudgetCredits })
    .from(accounts)
    .where(eq(accounts.id, input.accountId))
    .for("update");
  if (!account) throw notFound("Account");

  const [previous] = await tx.select().from(ledgerEntries).where(eq(ledgerEntries.causeKey, causeKey)).limit(1);
  if (previous) return fromEntry(previous, input.idempotencyKey, true);

  const [usage] = await tx
    .select({ used: monthlyUsage.usedCredits })
    .from(monthlyUsage)
    .where(and(eq(monthlyUsage.accountId, input.accountId), eq(monthlyUsage.month, month)));
  const usedBefore = usage?.used ?? 0n;
  const numbers = {
    requested: input.amountCredits,
    balance: account.balance,
    monthly_limit: account.limit,
    used_this_month: usedBefore,
    remaining_this_month: remainingCredits({ balanceCredits: account.balance, capCredits: account.limit, usedThisMonthCredits: usedBefore }).underCapCredits,
    month,
  };
  if (account.limit !== null && usedBefore + input.amountCredits > account.limit) {
    throw new AppError(
      "budget_exceeded",
      `This would exceed the monthly budget cap of ${account.limit} credits (${usedBefore} used in ${month}).`,
      { details: numbers },
    );
  }
  if (account.balance < input.amountCredits) {
    throw new AppError(
      "insufficient_balance",
      `Not enough credits: ${input.amountCredits} requested, ${account.balance} available.`,
      { details: numbers },
    );
  }

  const balanceAfter = account.balance - input.amountCredits;
  const usedAfter = usedBefore + input.amountCredits;
  const metadata: UsageMetadata & Record<string, unknown> = {
    ...input.metadata,
    month,
    used_after: usedAfter.toString(),
    limit: account.limit === null ? null : account.limit.toString(),
  };
  const [entry] = await tx
    .insert(ledgerEntries)
    .values({
      accountId: input.accountId,
      kind: "usage",
      amountCredits: -input.amountCredits,
      balanceAfterCredits: balanceAfter,
      causeKey,
      apiKeyId: input.apiKeyId ?? null,
      description: input.description ?? "Usage",
      metadata,
    })
    .returning();
  await tx
    .update(accounts)
    .set({ creditBalance: sql`${accounts.creditBalance} - ${input.amountCredits}` })
    .where(eq(accounts.id, input.accountId));
  await tx
    .insert(monthlyUsage)
    .values({ accountId: input.accountId, month, usedCredits: input.amountCredits })
    .onConflictDoUpdate({
      target: [monthlyUsage.accountId, monthlyUsage.month],
      set: { usedCredits: sql`${monthlyUsage.usedCredits} + ${input.amountCredits}` },
    });
  return fromEntry(entry!, input.idempotencyKey, false);
}

export async function consumeCredits(db: Db, input: ConsumeInput): Promise<ConsumeResult> {
  return db.transaction((tx) => consumeCreditsInTx(tx, input));
}
