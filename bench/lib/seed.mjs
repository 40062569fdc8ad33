// Bulk seeding straight into Postgres with generate_series (fast; no app code in the loop).
import { hashPasswordForTests } from "../../lib/auth/password.ts";

/**
 * `n` accounts `acc_<tag>_<i>` (i = 0..n-1) on `plan`, each with a complete billing profile and an opening
 * balance recorded in the ledger (so sum(ledger) = balance holds).
 */
export async function seedAccounts(sql, { tag, n, plan = "free", balance = 0n, planExpiresAt = null }) {
  await sql`
    insert into accounts (id, name, plan, plan_expires_at, credit_balance)
    select 'acc_' || ${tag} || '_' || i, 'Bench ' || ${tag} || ' ' || i, ${plan}, ${planExpiresAt}, ${balance.toString()}::bigint
    from generate_series(0, ${n - 1}) i`;
  await sql`
    insert into billing_profiles (account_id, legal_name, address_line1, city, postal_code, state_code, phone, email)
    select 'acc_' || ${tag} || '_' || i, 'Bench Customer ' || i || ' Private Limited', '1 MG Road', 'Bengaluru', '560001', '29',
           '9876543210', 'billing' || i || '@bench.test'
    from generate_series(0, ${n - 1}) i`;
  if (balance > 0n) {
    await sql`
      insert into ledger_entries (account_id, kind, amount_credits, balance_after_credits, cause_key, description)
      select 'acc_' || ${tag} || '_' || i, 'adjustment', ${balance.toString()}::bigint, ${balance.toString()}::bigint,
             'adjustment:bench:' || ${tag} || ':' || i, 'Bench opening balance'
      from generate_series(0, ${n - 1}) i`;
  }
  return Array.from({ length: n }, (_, i) => `acc_${tag}_${i}`);
}

/**
 * `n` ACTIVE credit top-up orders (100 credits for ₹100.00) spread round-robin over `accounts`; ids look like
 * newOrderId() (`cm_` + 16 hex). Returns the ids in order.
 */
export async function seedActiveOrders(sql, { tag, n, accounts }) {
  const rows = await sql`
    insert into orders (id, account_id, type, credits, amount_paise, status, cashfree_env, cf_order_id, payment_session_id, expires_at)
    select 'cm_' || substr(md5(${tag} || ':' || i), 1, 16), (${sql.array(accounts)}::text[])[1 + (i % ${accounts.length})],
           'credit_topup', 100, 10000, 'ACTIVE', 'emulator', 'cf_' || i, 'session_' || i, now() + interval '1 hour'
    from generate_series(0, ${n - 1}) i
    returning id`;
  return rows.map((r) => r.id);
}

/** An owner user with a password, made a member of `accountId`. */
export async function seedOwner(sql, { accountId, email, password }) {
  const userId = `usr_${accountId}`;
  const hash = await hashPasswordForTests(password);
  await sql`insert into users (id, email, name, password_hash) values (${userId}, ${email}, 'Bench Owner', ${hash})`;
  await sql`insert into memberships (account_id, user_id, role) values (${accountId}, ${userId}, 'owner')`;
  return userId;
}
