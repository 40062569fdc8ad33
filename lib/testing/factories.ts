import { randomBytes } from "node:crypto";
import { sql } from "drizzle-orm";
import type { Db } from "@/lib/db";
import { accounts, billingProfiles, memberships, users } from "@/lib/db/schema";
import type { Role } from "@/lib/auth/policy";
import { newId } from "@/lib/ids";
import { grantCredits } from "@/lib/credits/grant-credits";

const suffix = () => randomBytes(4).toString("hex");

export async function createUser(db: Db, overrides: Partial<typeof users.$inferInsert> = {}) {
  const id = overrides.id ?? newId("usr");
  const [user] = await db
    .insert(users)
    .values({ id, email: `user-${suffix()}@test.khata`, name: "Test User", passwordHash: null, ...overrides })
    .returning();
  return user!;
}

export async function createAccount(
  db: Db,
  input: { name?: string; ownerId?: string; plan?: string; monthlyBudgetCredits?: bigint | null; balanceCredits?: bigint } = {},
) {
  const owner = input.ownerId ? { id: input.ownerId } : await createUser(db);
  const id = newId("acc");
  await db.insert(accounts).values({
    id,
    name: input.name ?? `Account ${suffix()}`,
    plan: input.plan ?? "free",
    monthlyBudgetCredits: input.monthlyBudgetCredits ?? null,
  });
  await db.insert(memberships).values({ accountId: id, userId: owner.id, role: "owner" });
  if (input.balanceCredits && input.balanceCredits > 0n) {
    await db.transaction((tx) =>
      grantCredits(tx, {
        accountId: id,
        kind: "adjustment",
        amountCredits: input.balanceCredits!,
        causeKey: `adjustment:test:${id}`,
        description: "Test opening balance",
      }),
    );
  }
  return { accountId: id, ownerId: owner.id };
}

export async function addMember(db: Db, accountId: string, role: Role, overrides: Partial<typeof users.$inferInsert> = {}) {
  const user = await createUser(db, overrides);
  await db.insert(memberships).values({ accountId, userId: user.id, role });
  return user;
}

export async function createBillingProfile(db: Db, accountId: string, overrides: Partial<typeof billingProfiles.$inferInsert> = {}) {
  const [profile] = await db
    .insert(billingProfiles)
    .values({
      accountId,
      legalName: "Test Customer Private Limited",
      addressLine1: "1 MG Road",
      city: "Bengaluru",
      postalCode: "560001",
      stateCode: "29",
      phone: "9876543210",
      email: "billing@customer.test",
      gstin: null,
      ...overrides,
    })
    .returning();
  return profile!;
}

/** The ledger invariant: the cached balance equals the sum of the account's ledger, and never goes negative. */
export async function ledgerInvariant(db: Db, accountId: string) {
  const rows = await db.execute(sql`
    select a.credit_balance::text as balance,
           coalesce((select sum(l.amount_credits) from ledger_entries l where l.account_id = a.id), 0)::text as ledger_sum,
           (select min(l.balance_after_credits) from ledger_entries l where l.account_id = a.id)::text as min_after
    from accounts a where a.id = ${accountId}`);
  const row = (Array.isArray(rows) ? rows[0] : (rows as unknown as { rows: unknown[] }).rows[0]) as {
    balance: string;
    ledger_sum: string;
    min_after: string | null;
  };
  return { balance: BigInt(row.balance), ledgerSum: BigInt(row.ledger_sum), minBalanceAfter: row.min_after === null ? null : BigInt(row.min_after) };
}
