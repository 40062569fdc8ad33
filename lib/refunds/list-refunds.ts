import { and, desc, eq, type SQL } from "drizzle-orm";
import type { Executor } from "@/lib/db";
import { refunds } from "@/lib/db/schema";
import type { RefundRow } from "./refund-rules";
import type { ListRefundsQuery } from "./schemas";

/** Refunds newest first: an account's (accountId given) or, for operators, every account's (accountId null). */
export async function listRefunds(db: Executor, accountId: string | null, query: ListRefundsQuery): Promise<RefundRow[]> {
  const where: SQL[] = [];
  if (accountId !== null) where.push(eq(refunds.accountId, accountId));
  if (query.status) where.push(eq(refunds.status, query.status));
  return db
    .select()
    .from(refunds)
    .where(where.length ? and(...where) : undefined)
    .orderBy(desc(refunds.createdAt), desc(refunds.id))
    .limit(query.limit)
    .offset(query.offset);
}
