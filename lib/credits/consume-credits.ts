import { sql } from "drizzle-orm";
import type { Db, Executor, Tx } from "@/lib/db";
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

/**
 * What the SQL consumption rule (`khata_consume_credits`, drizzle/0007_usage_record_function.sql) answers; bigints
 * as text. The rule itself lives there so that a usage call is one statement.
 */
export type ConsumeAnswer =
  | { outcome: "consumed" | "replayed"; threshold: string | null; entry: SqlLedgerEntry }
  | { outcome: "budget_exceeded" | "insufficient_balance"; balance: string; limit: string | null; used: string }
  | { outcome: "no_account" };

interface SqlLedgerEntry {
  id: string;
  amount: string;
  balance_after: string;
  metadata: { month?: string; used_after?: string; limit?: string | null } | null;
  created_at: string;
}

/** The result of a consumed or replayed answer, or the refusal (AppError 402 / 404) it stands for. */
export function fromConsumeAnswer(answer: ConsumeAnswer, input: { amountCredits: bigint; idempotencyKey: string; month: string }): ConsumeResult | AppError {
  if (answer.outcome === "no_account") return notFound("Account");
  if (answer.outcome === "consumed" || answer.outcome === "replayed") {
    const { entry } = answer;
    const meta = entry.metadata ?? {};
    const limit = meta.limit != null ? BigInt(meta.limit) : null;
    const used = BigInt(meta.used_after ?? "0");
    const balance = BigInt(entry.balance_after);
    // The same parse drizzle applies to a timestamptz column (its text form, from the same connection).
    const createdAt = new Date(entry.created_at);
    return {
      eventId: input.idempotencyKey,
      consumedCredits: -BigInt(entry.amount),
      balanceCredits: balance,
      month: meta.month ?? istMonthKey(createdAt),
      usedThisMonthCredits: used,
      monthlyLimitCredits: limit,
      remaining: remainingCredits({ balanceCredits: balance, capCredits: limit, usedThisMonthCredits: used }),
      replayed: answer.outcome === "replayed",
      ledgerEntryId: BigInt(entry.id),
      createdAt,
    };
  }
  const refused = answer as Extract<ConsumeAnswer, { outcome: "budget_exceeded" | "insufficient_balance" }>;
  const balance = BigInt(refused.balance);
  const limit = refused.limit === null ? null : BigInt(refused.limit);
  const usedBefore = BigInt(refused.used);
  const numbers = {
    requested: input.amountCredits,
    balance,
    monthly_limit: limit,
    used_this_month: usedBefore,
    remaining_this_month: remainingCredits({ balanceCredits: balance, capCredits: limit, usedThisMonthCredits: usedBefore }).underCapCredits,
    month: input.month,
  };
  if (refused.outcome === "budget_exceeded") {
    return new AppError(
      "budget_exceeded",
      `This would exceed the monthly budget cap of ${limit} credits (${usedBefore} used in ${input.month}).`,
      { details: numbers },
    );
  }
  return new AppError("insufficient_balance", `Not enough credits: ${input.amountCredits} requested, ${balance} available.`, { details: numbers });
}

/** The single jsonb column of a `select khata_…(…) as r` statement. */
export async function sqlAnswer<T>(db: Executor, statement: ReturnType<typeof sql>): Promise<T> {
  const result = (await db.execute(statement)) as unknown as { rows: Array<{ r: T }> };
  return result.rows[0]!.r;
}

/**
 * Consumes credits atomically against the balance and the account's monthly budget cap (IST calendar month), in
 * one statement. Refusals (`insufficient_balance`, `budget_exceeded`, both 402) consume nothing and carry the
 * numbers the caller needs; they are not remembered, so the same event may succeed after a top-up.
 */
export async function consumeCreditsInTx(tx: Executor, input: ConsumeInput): Promise<ConsumeResult> {
  if (input.amountCredits <= 0n) throw new AppError("invalid_request", "credits must be a positive integer.");
  const month = istMonthKey(input.now ?? new Date());
  const answer = await sqlAnswer<ConsumeAnswer>(
    tx,
    sql`select khata_consume_credits(${input.accountId}, ${input.apiKeyId ?? null}, ${input.idempotencyKey}, ${input.amountCredits}::bigint,
      ${input.description ?? null}, ${input.metadata === undefined ? null : JSON.stringify(input.metadata)}::jsonb, ${month}) as r`,
  );
  const result = fromConsumeAnswer(answer, { amountCredits: input.amountCredits, idempotencyKey: input.idempotencyKey, month });
  if (result instanceof AppError) throw result;
  return result;
}

export async function consumeCredits(db: Db | Tx, input: ConsumeInput): Promise<ConsumeResult> {
  return consumeCreditsInTx(db, input);
}
