// npm run bench:operator-account – the operator account page's server time (getAccountOverview + its JSON view,
// in-process: the route's own work without HTTP, Next or the session check) for an account with 100k ledger
// entries, 2,000 orders and 100 refunds, against the same call for a fresh account in the same run (baseline:
// the page's fixed cost). Also the account search (lib/admin-accounts/search-accounts.ts) among 20,000 accounts:
// by invoice number (unique index), by part of a name (pg_trgm), by member email.
import { freshDatabase, percentiles, ratio, runBench, timeLoop, writeResult } from "./lib/harness.mjs";
import { seedAccounts } from "./lib/seed.mjs";

const LEDGER_ENTRIES = Number(process.env.BENCH_LEDGER_ENTRIES ?? 100_000);
const ORDERS = 2_000;
const OTHER_ACCOUNTS = 20_000;
const SECONDS = Number(process.env.BENCH_SECONDS ?? 5);
const TARGET_MS = 200;

await runBench(async (onCleanup) => {
  const db = await freshDatabase("operator_account");
  onCleanup(() => db.drop());
  const sql = db.sql;
  const t0 = Date.now();
  const [big] = await seedAccounts(sql, { tag: "big", n: 1, balance: 0n });
  const [fresh] = await seedAccounts(sql, { tag: "fresh", n: 1, balance: 1000n });
  const others = await seedAccounts(sql, { tag: "other", n: OTHER_ACCOUNTS, balance: 0n });
  // 100k +1 adjustments, oldest first, one a minute back from now: balance_after is the running sum.
  await sql`
    insert into ledger_entries (account_id, kind, amount_credits, balance_after_credits, cause_key, description, created_at)
    select ${big}, 'adjustment', 1, i, 'adjustment:bench:big:' || i, 'Bench entry', now() - (${LEDGER_ENTRIES} - i) * interval '1 minute'
    from generate_series(1, ${LEDGER_ENTRIES}) i`;
  await sql`update accounts set credit_balance = ${LEDGER_ENTRIES} where id = ${big}`;
  await sql`
    insert into orders (id, account_id, type, credits, amount_paise, status, cashfree_env, cf_order_id, created_at, updated_at)
    select 'cm_' || lpad(to_hex(i), 16, '0'), ${big}, 'credit_topup', 100, 10000, 'ACTIVE', 'emulator', (5000000 + i)::text,
           now() - i * interval '1 hour', now()
    from generate_series(1, ${ORDERS}) i`;
  await sql`
    insert into refunds (id, account_id, order_id, credits, amount_paise, reason, status, initiated_by, created_at)
    select 'rf_bench_' || i, ${big}, 'cm_' || lpad(to_hex(i), 16, '0'), 1, 100, 'bench', 'rejected', 'operator', now() - i * interval '1 hour'
    from generate_series(1, 100) i`;
  // One invoice to search for (an issued number of the default series).
  await sql`update orders set status = 'PAID', paid_at = now() where id = 'cm_' || lpad(to_hex(1), 16, '0')`;
  await sql`
    insert into invoices (id, invoice_number, account_id, order_id, financial_year, sequence_number, issued_at, taxable_paise, cgst_paise, sgst_paise, igst_paise, total_paise, snapshot)
    values ('inv_bench', 'KH-2627-000001', ${big}, 'cm_' || lpad(to_hex(1), 16, '0'), '2627', 1, now(), 8475, 763, 762, 0, 10000, '{}'::jsonb)`;
  // Varied names and emails, as real ones are (identical "Bench other N" names share every trigram).
  await sql`update accounts set name = 'Firm ' || substr(md5(id), 1, 10) || ' ' || substr(md5(id || 'x'), 1, 8) where id like 'acc_other_%'`;
  await sql`update billing_profiles set legal_name = 'Legal ' || substr(md5(account_id || 'l'), 1, 12) || ' Private Limited' where account_id like 'acc_other_%'`;
  await sql`insert into users (id, email, name) select 'usr_other_' || i, substr(md5(i::text), 1, 8) || '@' || substr(md5(i::text || 'd'), 1, 8) || '.example', 'Member ' || i from generate_series(0, ${OTHER_ACCOUNTS - 1}) i`;
  await sql`insert into memberships (account_id, user_id, role) select 'acc_other_' || i, 'usr_other_' || i, 'owner' from generate_series(0, ${OTHER_ACCOUNTS - 1}) i`;
  await sql`analyze`;
  const seedMs = Date.now() - t0;

  process.env.DATABASE_URL = db.url;
  const { openDatabase } = await import("../lib/db/connect.ts");
  const handle = openDatabase(db.url);
  onCleanup(() => handle.close());
  const { getAccountOverview } = await import("../lib/admin-accounts/get-account-overview.ts");
  const { toAccountOverviewView } = await import("../lib/admin-accounts/account-overview-view.ts");
  const { searchAccounts } = await import("../lib/admin-accounts/search-accounts.ts");
  const { toJson } = await import("../lib/json.ts");

  const page = async (accountId) => toJson(toAccountOverviewView(await getAccountOverview(handle.db, accountId)));
  const check = JSON.parse(await page(big));
  if (check.balance.spendable !== LEDGER_ENTRIES || check.ledger.items.length !== 20 || !check.ledger.has_more) throw new Error("unexpected page data");
  await page(fresh);

  // Interleaved rounds so both see the same machine load (the machine is shared).
  const bigSamples = [];
  const freshSamples = [];
  const end = Date.now() + SECONDS * 2000;
  while (Date.now() < end) {
    for (const [id, samples] of [[big, bigSamples], [fresh, freshSamples]]) {
      const t = process.hrtime.bigint();
      await page(id);
      samples.push(Number(process.hrtime.bigint() - t) / 1e6);
    }
  }
  const bigP = percentiles(bigSamples);
  const freshP = percentiles(freshSamples);

  const q = (text) => ({ q: text, limit: 20 });
  const byInvoice = await timeLoop(() => searchAccounts(handle.db, q("KH-2627-000001")), { seconds: SECONDS / 2 });
  const [named] = await sql`select name, (select u.email from users u where u.id = 'usr_other_4321') as email from accounts where id = 'acc_other_1234'`;
  const namePart = named.name.split(" ")[1].slice(0, 7);
  const byName = await timeLoop(() => searchAccounts(handle.db, q(namePart)), { seconds: SECONDS / 2 });
  const byEmail = await timeLoop(() => searchAccounts(handle.db, q(named.email)), { seconds: SECONDS / 2 });
  const byId = await timeLoop(() => searchAccounts(handle.db, q(others[42])), { seconds: SECONDS / 2 });
  if (process.env.BENCH_EXPLAIN) {
    for (const text of [
      `explain analyze select id from accounts where name ilike '%${namePart}%' order by name, id limit 20`,
      `explain analyze select account_id from billing_profiles where legal_name ilike '%${namePart}%' limit 20`,
      `explain analyze select m.account_id from users u join memberships m on m.user_id = u.id where u.email ilike '%${namePart}%' limit 20`,
    ]) console.log((await sql.unsafe(text)).map((r) => r["QUERY PLAN"]).join("\n"));
  }
  const plan = (await sql.unsafe(`explain select id from accounts where name ilike '%${namePart}%'`)).map((r) => r["QUERY PLAN"]).join(" / ");

  const figures = {
    pageP50Ms: bigP.p50,
    pageP99Ms: bigP.p99,
    baselineP50Ms: freshP.p50,
    baselineP99Ms: freshP.p99,
    ratioP50: ratio(bigP.p50, freshP.p50),
    targetMs: TARGET_MS,
    meets: bigP.p99 < TARGET_MS,
  };
  const md = [
    `### Operator account page (\`npm run bench:operator-account\`; seeded in ${seedMs} ms)`,
    "",
    `Server time of getAccountOverview + toAccountOverviewView + JSON, in-process, interleaved with the baseline.`,
    "",
    "| measurement | p50 ms | p99 ms | max ms | n |",
    "| --- | --- | --- | --- | --- |",
    `| account page, ${LEDGER_ENTRIES.toLocaleString("en-IN")} ledger entries, ${ORDERS} orders, 100 refunds | ${bigP.p50} | ${bigP.p99} | ${bigP.max} | ${bigP.n} |`,
    `| baseline: account page, fresh account (1 ledger entry) | ${freshP.p50} | ${freshP.p99} | ${freshP.max} | ${freshP.n} |`,
    `| ratio (p50) | ${figures.ratioP50} | ${ratio(bigP.p99, freshP.p99)} | — | — |`,
    `| search by invoice number (${OTHER_ACCOUNTS + 2} accounts) | ${byInvoice.p50} | ${byInvoice.p99} | ${byInvoice.max} | ${byInvoice.n} |`,
    `| search by part of a name (pg_trgm), \`${namePart}\` | ${byName.p50} | ${byName.p99} | ${byName.max} | ${byName.n} |`,
    `| search by member email | ${byEmail.p50} | ${byEmail.p99} | ${byEmail.max} | ${byEmail.n} |`,
    `| search by account id | ${byId.p50} | ${byId.p99} | ${byId.max} | ${byId.n} |`,
    "",
    `Target: < ${TARGET_MS} ms for the 100k-entry account: ${figures.meets ? "met" : "NOT met"} (p99). Name search plan: ${plan}`,
    "",
  ].join("\n");
  console.log(md);
  console.log("wrote", writeResult("operator-account", { figures, page: bigP, baseline: freshP, search: { byInvoice, byName, byEmail, byId }, namePlan: plan }, md));
});
