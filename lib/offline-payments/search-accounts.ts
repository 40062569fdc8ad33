import { eq, ilike, or, sql } from "drizzle-orm";
import type { Executor } from "@/lib/db";
import { accounts, billingProfiles, memberships, users } from "@/lib/db/schema";

export interface AccountMatch {
  account_id: string;
  name: string;
  legal_name: string | null;
  gstin: string | null;
  billing_email: string | null;
}

/** `%`, `_` and `\` are literal in the operator's text. */
const likeEscape = (s: string) => s.replace(/[\\%_]/g, (c) => `\\${c}`);

/**
 * Operators only (the record-a-payment form): accounts whose name, billing legal name, billing email, GSTIN or a
 * member's email contains `q` (case-insensitive), at most 10, by name.
 */
export async function searchAccounts(db: Executor, q: string): Promise<AccountMatch[]> {
  const pattern = `%${likeEscape(q.trim())}%`;
  const memberMatch = sql`exists (select 1 from ${memberships} m join ${users} u on u.id = m.user_id
                                  where m.account_id = ${accounts.id} and u.email ilike ${pattern})`;
  const rows = await db
    .select({
      account_id: accounts.id,
      name: accounts.name,
      legal_name: billingProfiles.legalName,
      gstin: billingProfiles.gstin,
      billing_email: billingProfiles.email,
    })
    .from(accounts)
    .leftJoin(billingProfiles, eq(billingProfiles.accountId, accounts.id))
    .where(or(ilike(accounts.name, pattern), ilike(billingProfiles.legalName, pattern), ilike(billingProfiles.email, pattern), ilike(billingProfiles.gstin, pattern), eq(accounts.id, q.trim()), memberMatch))
    .orderBy(accounts.name, accounts.id)
    .limit(10);
  return rows;
}
