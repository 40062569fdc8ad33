import { eq, ilike, inArray } from "drizzle-orm";
import { getEnv } from "@/lib/config/env";
import type { Executor } from "@/lib/db";
import { accounts, billingProfiles, creditNotes, invoices, memberships, offlinePayments, orders, users } from "@/lib/db/schema";
import { identifierKinds, type IdentifierKind } from "./identifier-kind";
import type { AccountSearchQuery } from "./schemas";

export interface AccountHit {
  accountId: string;
  /** Which identifier found it, e.g. `invoice_number`. */
  matchedBy: IdentifierKind;
  /** The matched record's own id or number (the invoice number, the member's email…). */
  matched: string;
}

export interface AccountSearchResult {
  kinds: IdentifierKind[];
  hits: (AccountHit & { name: string; plan: string; suspendedAt: Date | null; legalName: string | null; gstin: string | null })[];
}

/** `%`, `_` and `\` are literal in the operator's text. */
const likeEscape = (s: string) => s.replace(/[\\%_]/g, (c) => `\\${c}`);

type Lookup = (db: Executor, q: string, limit: number) => Promise<AccountHit[]>;

const hits = (matchedBy: IdentifierKind, rows: { accountId: string; matched: string | null }[]): AccountHit[] =>
  rows.map((r) => ({ accountId: r.accountId, matchedBy, matched: r.matched ?? "" }));

/** Each kind's lookup: exact ones on a unique or plain btree index, `name` through the trigram indexes. */
const LOOKUPS: Record<IdentifierKind, Lookup> = {
  account_id: async (db, q) => hits("account_id", await db.select({ accountId: accounts.id, matched: accounts.id }).from(accounts).where(eq(accounts.id, q))),
  order_id: async (db, q) => hits("order_id", await db.select({ accountId: orders.accountId, matched: orders.id }).from(orders).where(eq(orders.id, q))),
  cf_order_id: async (db, q, limit) =>
    hits("cf_order_id", await db.select({ accountId: orders.accountId, matched: orders.id }).from(orders).where(eq(orders.cfOrderId, q)).limit(limit)),
  email: async (db, q, limit) => {
    const email = q.toLowerCase();
    const members = await db
      .select({ accountId: memberships.accountId, matched: users.email })
      .from(users)
      .innerJoin(memberships, eq(memberships.userId, users.id))
      .where(eq(users.email, email))
      .limit(limit);
    const billing = await db.select({ accountId: billingProfiles.accountId, matched: billingProfiles.email }).from(billingProfiles).where(eq(billingProfiles.email, email)).limit(limit);
    return hits("email", [...members, ...billing]);
  },
  gstin: async (db, q, limit) =>
    hits("gstin", await db.select({ accountId: billingProfiles.accountId, matched: billingProfiles.gstin }).from(billingProfiles).where(eq(billingProfiles.gstin, q.toUpperCase())).limit(limit)),
  invoice_number: async (db, q) =>
    hits("invoice_number", await db.select({ accountId: invoices.accountId, matched: invoices.invoiceNumber }).from(invoices).where(eq(invoices.invoiceNumber, q.toUpperCase()))),
  credit_note_number: async (db, q) =>
    hits(
      "credit_note_number",
      await db.select({ accountId: creditNotes.accountId, matched: creditNotes.creditNoteNumber }).from(creditNotes).where(eq(creditNotes.creditNoteNumber, q.toUpperCase())),
    ),
  receipt_number: async (db, q) =>
    hits(
      "receipt_number",
      await db
        .select({ accountId: offlinePayments.accountId, matched: offlinePayments.receiptNumber })
        .from(offlinePayments)
        .where(inArray(offlinePayments.receiptNumber, [...new Set([q, q.toUpperCase()])])),
    ),
  name: async (db, q, limit) => {
    const pattern = `%${likeEscape(q)}%`;
    const [byName, byLegalName, byEmail] = await Promise.all([
      db.select({ accountId: accounts.id, matched: accounts.name }).from(accounts).where(ilike(accounts.name, pattern)).orderBy(accounts.name, accounts.id).limit(limit),
      db.select({ accountId: billingProfiles.accountId, matched: billingProfiles.legalName }).from(billingProfiles).where(ilike(billingProfiles.legalName, pattern)).limit(limit),
      // Part of a member's email (a company's domain, a first name).
      db
        .select({ accountId: memberships.accountId, matched: users.email })
        .from(users)
        .innerJoin(memberships, eq(memberships.userId, users.id))
        .where(ilike(users.email, pattern))
        .limit(limit),
    ]);
    return [...hits("name", byName), ...hits("name", byLegalName), ...hits("email", byEmail)];
  },
};

/**
 * Operators only (policy `operator:accounts`): the accounts an identifier belongs to. The query's shape picks the
 * lookups (identifier-kind.ts), each an indexed equality or a trigram match, so a search costs a few index probes
 * however many accounts there are. An account found twice is listed once, under its first match.
 */
export async function searchAccounts(db: Executor, query: AccountSearchQuery): Promise<AccountSearchResult> {
  const env = getEnv();
  const kinds = identifierKinds(query.q, { invoicePrefix: env.INVOICE_PREFIX, creditNotePrefix: env.CREDIT_NOTE_PREFIX });
  const found = (await Promise.all(kinds.map((kind) => LOOKUPS[kind](db, query.q, query.limit)))).flat();
  const firstHit = new Map<string, AccountHit>();
  for (const hit of found) if (!firstHit.has(hit.accountId)) firstHit.set(hit.accountId, hit);
  const ids = [...firstHit.keys()].slice(0, query.limit);
  if (ids.length === 0) return { kinds, hits: [] };
  const rows = await db
    .select({ id: accounts.id, name: accounts.name, plan: accounts.plan, suspendedAt: accounts.suspendedAt, legalName: billingProfiles.legalName, gstin: billingProfiles.gstin })
    .from(accounts)
    .leftJoin(billingProfiles, eq(billingProfiles.accountId, accounts.id))
    .where(inArray(accounts.id, ids));
  const byId = new Map(rows.map((r) => [r.id, r]));
  return {
    kinds,
    hits: ids.flatMap((id) => {
      const row = byId.get(id);
      const hit = firstHit.get(id)!;
      return row ? [{ ...hit, name: row.name, plan: row.plan, suspendedAt: row.suspendedAt, legalName: row.legalName, gstin: row.gstin }] : [];
    }),
  };
}
