import { and, desc, eq, sql } from "drizzle-orm";
import type { Executor } from "@/lib/db";
import { rowsOf } from "@/lib/db/rows";
import {
  accountSuspensions,
  accounts,
  apiKeys,
  billingProfiles,
  creditNotes,
  disputes,
  invoices,
  ledgerEntries,
  memberships,
  offlinePayments,
  orders,
  payouts,
  refunds,
  users,
  webhookEndpoints,
} from "@/lib/db/schema";
import { getBalance, type BalanceSummary } from "@/lib/credits/get-balance";
import { notFound } from "@/lib/errors";

/** Each list on the account page shows the latest this many; one more is read to know whether there are more. */
export const OVERVIEW_LIST_LIMIT = 20;

export interface Bounded<T> {
  items: T[];
  hasMore: boolean;
}

const bounded = <T>(rows: T[], limit = OVERVIEW_LIST_LIMIT): Bounded<T> => ({ items: rows.slice(0, limit), hasMore: rows.length > limit });

export interface HeldCredits {
  /** Pending refunds' holds (ledger cause `refund:<id>`, not yet released or final). */
  refundsCredits: bigint;
  /** Open disputes' holds (ledger cause `dispute:<id>`, not yet released or lost). */
  disputesCredits: bigint;
  /** Payouts not yet final (requested, approved, processing: ledger cause `payout:<id>`, not released or paid out). */
  payoutsCredits: bigint;
}

/**
 * Credits out of the balance on hold: the ledger entries of the holds whose cause is still open (a pending
 * refund, an open dispute, a payout on its way). Read from the ledger itself, through the cause key's unique index, so the figure is
 * what was actually held (a dispute the balance could not cover holds less than its amount).
 */
async function heldCredits(db: Executor, accountId: string): Promise<HeldCredits> {
  const [row] = rowsOf<{ refunds: string; disputes: string; payouts: string }>(
    await db.execute(sql`
      select
        (select coalesce(sum(-l.amount_credits), 0) from ${refunds} r join ${ledgerEntries} l on l.cause_key = 'refund:' || r.id
          where r.account_id = ${accountId} and r.status = 'pending')::text as refunds,
        (select coalesce(sum(-l.amount_credits), 0) from ${disputes} d join ${ledgerEntries} l on l.cause_key = 'dispute:' || d.id
          where d.account_id = ${accountId} and d.resolution = 'open')::text as disputes,
        (select coalesce(sum(-l.amount_credits), 0) from ${payouts} p join ${ledgerEntries} l on l.cause_key = 'payout:' || p.id
          where p.account_id = ${accountId} and p.status in ('requested', 'approved', 'processing'))::text as payouts`),
  );
  return { refundsCredits: BigInt(row?.refunds ?? "0"), disputesCredits: BigInt(row?.disputes ?? "0"), payoutsCredits: BigInt(row?.payouts ?? "0") };
}

export interface AccountOverview {
  account: typeof accounts.$inferSelect;
  balance: BalanceSummary;
  held: HeldCredits;
  suspension: typeof accountSuspensions.$inferSelect | null;
  members: { userId: string; email: string; name: string; role: string; isOperator: boolean; joinedAt: Date }[];
  billingProfile: typeof billingProfiles.$inferSelect | null;
  ledger: Bounded<typeof ledgerEntries.$inferSelect>;
  orders: Bounded<{ order: typeof orders.$inferSelect; invoiceNumber: string | null }>;
  invoices: Bounded<typeof invoices.$inferSelect>;
  creditNotes: Bounded<typeof creditNotes.$inferSelect & { invoiceNumber: string }>;
  refunds: Bounded<typeof refunds.$inferSelect>;
  disputes: Bounded<typeof disputes.$inferSelect>;
  payouts: Bounded<typeof payouts.$inferSelect>;
  offlinePayments: Bounded<typeof offlinePayments.$inferSelect>;
  apiKeys: Bounded<typeof apiKeys.$inferSelect>;
  webhookEndpoints: Bounded<typeof webhookEndpoints.$inferSelect>;
}

/**
 * Operators only (policy `operator:accounts`): one account at a glance. Every list is its latest
 * OVERVIEW_LIST_LIMIT rows through an (account_id, time) index, so the page costs the same for an account with
 * 100k ledger entries as for a new one (bench/operator-account.mjs). Reads only; no transaction needed (each list
 * is its own snapshot, which is fine for a page that is refreshed). Unknown account → 404.
 */
export async function getAccountOverview(db: Executor, accountId: string, now = new Date()): Promise<AccountOverview> {
  const [account] = await db.select().from(accounts).where(eq(accounts.id, accountId));
  if (!account) throw notFound("Account");
  const take = OVERVIEW_LIST_LIMIT + 1;
  const [balance, held, suspension, members, profile, ledger, orderRows, invoiceRows, noteRows, refundRows, disputeRows, payoutRows, offlineRows, keyRows, endpointRows] =
    await Promise.all([
      getBalance(db, accountId, now),
      heldCredits(db, accountId),
      db.select().from(accountSuspensions).where(eq(accountSuspensions.accountId, accountId)).orderBy(desc(accountSuspensions.suspendedAt)).limit(1),
      db
        .select({ userId: users.id, email: users.email, name: users.name, role: memberships.role, isOperator: users.isOperator, joinedAt: memberships.createdAt })
        .from(memberships)
        .innerJoin(users, eq(users.id, memberships.userId))
        .where(eq(memberships.accountId, accountId))
        .orderBy(memberships.createdAt)
        .limit(100),
      db.select().from(billingProfiles).where(eq(billingProfiles.accountId, accountId)),
      db.select().from(ledgerEntries).where(eq(ledgerEntries.accountId, accountId)).orderBy(desc(ledgerEntries.createdAt), desc(ledgerEntries.id)).limit(take),
      db
        .select({ order: orders, invoiceNumber: invoices.invoiceNumber })
        .from(orders)
        .leftJoin(invoices, eq(invoices.orderId, orders.id))
        .where(eq(orders.accountId, accountId))
        .orderBy(desc(orders.createdAt), desc(orders.id))
        .limit(take),
      db.select().from(invoices).where(eq(invoices.accountId, accountId)).orderBy(desc(invoices.issuedAt), desc(invoices.id)).limit(take),
      db
        .select({ note: creditNotes, invoiceNumber: invoices.invoiceNumber })
        .from(creditNotes)
        .innerJoin(invoices, eq(invoices.id, creditNotes.invoiceId))
        .where(eq(creditNotes.accountId, accountId))
        .orderBy(desc(creditNotes.issuedAt), desc(creditNotes.financialYear), desc(creditNotes.sequenceNumber))
        .limit(take),
      db.select().from(refunds).where(eq(refunds.accountId, accountId)).orderBy(desc(refunds.createdAt), desc(refunds.id)).limit(take),
      db.select().from(disputes).where(eq(disputes.accountId, accountId)).orderBy(desc(disputes.createdAt)).limit(take),
      db.select().from(payouts).where(eq(payouts.accountId, accountId)).orderBy(desc(payouts.createdAt), desc(payouts.id)).limit(take),
      db.select().from(offlinePayments).where(eq(offlinePayments.accountId, accountId)).orderBy(desc(offlinePayments.recordedAt), desc(offlinePayments.id)).limit(take),
      db.select().from(apiKeys).where(eq(apiKeys.accountId, accountId)).orderBy(desc(apiKeys.createdAt)).limit(take),
      db.select().from(webhookEndpoints).where(and(eq(webhookEndpoints.accountId, accountId))).orderBy(desc(webhookEndpoints.createdAt)).limit(take),
    ]);
  return {
    account,
    balance,
    held,
    suspension: suspension[0] ?? null,
    members,
    billingProfile: profile[0] ?? null,
    ledger: bounded(ledger),
    orders: bounded(orderRows),
    invoices: bounded(invoiceRows),
    creditNotes: bounded(noteRows.map((r) => ({ ...r.note, invoiceNumber: r.invoiceNumber }))),
    refunds: bounded(refundRows),
    disputes: bounded(disputeRows),
    payouts: bounded(payoutRows),
    offlinePayments: bounded(offlineRows),
    apiKeys: bounded(keyRows),
    webhookEndpoints: bounded(endpointRows),
  };
}
