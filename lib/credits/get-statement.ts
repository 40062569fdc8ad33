import type { Executor } from "@/lib/db";
import { listStatement, type StatementPage } from "./list-statement";
import { monthlyBalances, type PeriodBalances } from "./monthly-balances";
import type { StatementQuery } from "./statement-query";

/**
 * A statement page, with the period's opening/closing and monthly balances on the first page (later pages carry
 * only the balance before them: the months do not change while paging). Read-only, filtered by the account.
 */
export async function getStatement(db: Executor, accountId: string, q: StatementQuery, now = new Date()): Promise<{ page: StatementPage; balances: PeriodBalances | null }> {
  const [page, balances] = await Promise.all([listStatement(db, accountId, q), q.after ? null : monthlyBalances(db, accountId, q.period, now)]);
  return { page, balances };
}
