// npm run bench:pages – server response time of /billing (overview) and /payments for an account holding
// 10,000 payments, vs a trivial page (/sign-in) in the same run; plus first-load JS per page from the build's
// manifests (rootMainFiles + the page's and its layouts' entry chunks, raw and gzip).
import fs from "node:fs";
import path from "node:path";
import vm from "node:vm";
import zlib from "node:zlib";
import {
  DIST_DIR, RUN_SECONDS, TABLE_HEAD, appEnv, ensureBuild, freshDatabase, load, ratio, row, runBench, sessionCookie, startApp, timeLoop, writeResult,
} from "./lib/harness.mjs";
import { seedAccounts, seedOwner } from "./lib/seed.mjs";

const CONNECTIONS = Number(process.env.BENCH_CONNECTIONS ?? 4);
const PAYMENTS = 10_000;
const EMAIL = "owner@pages.bench.test";
const PASSWORD = "bench-password-123";

/** First-load JS of every app page, from the client reference manifests of the build. */
export function firstLoadJs(distDir = DIST_DIR) {
  const build = JSON.parse(fs.readFileSync(path.join(distDir, "build-manifest.json"), "utf8"));
  const sizes = new Map();
  const size = (file) => {
    if (!sizes.has(file)) {
      const buf = fs.readFileSync(path.join(distDir, file));
      sizes.set(file, { raw: buf.length, gzip: zlib.gzipSync(buf, { level: 9 }).length });
    }
    return sizes.get(file);
  };
  const pages = {};
  const walk = (dir) => {
    for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
      const p = path.join(dir, entry.name);
      if (entry.isDirectory()) walk(p);
      else if (entry.name === "page_client-reference-manifest.js") {
        const sandbox = { self: {} };
        sandbox.globalThis = sandbox;
        vm.runInNewContext(fs.readFileSync(p, "utf8"), sandbox);
        const manifest = sandbox.globalThis.__RSC_MANIFEST ?? sandbox.self.__RSC_MANIFEST;
        for (const [route, m] of Object.entries(manifest)) {
          const files = new Set(build.rootMainFiles);
          for (const list of Object.values(m.entryJSFiles ?? {})) for (const f of list) files.add(f);
          let raw = 0;
          let gzip = 0;
          for (const f of files) {
            const s = size(f);
            raw += s.raw;
            gzip += s.gzip;
          }
          const url = route.replace(/\/page$/, "").replace(/\/\([^)]+\)/g, "") || "/";
          pages[url] = { files: files.size, rawKb: +(raw / 1024).toFixed(1), gzipKb: +(gzip / 1024).toFixed(1) };
        }
      }
    }
  };
  walk(path.join(distDir, "server", "app"));
  return Object.fromEntries(Object.entries(pages).sort(([a], [b]) => a.localeCompare(b)));
}

await runBench(async (onCleanup) => {
  ensureBuild();
  const db = await freshDatabase("pages");
  onCleanup(() => db.drop());
  const [accountId] = await seedAccounts(db.sql, { tag: "pages", n: 1, plan: "pro" });
  await seedOwner(db.sql, { accountId, email: EMAIL, password: PASSWORD });

  // 10,000 payments over the last ~400 days: 80% PAID (each with its credits in the ledger and an invoice),
  // the rest FAILED / USER_DROPPED; plus this month's usage in the ledger for the overview's chart.
  await db.sql`
    insert into orders (id, account_id, type, credits, amount_paise, status, cashfree_env, cf_order_id, payment_session_id,
                        cf_payment_id, paid_at, paid_amount_paise, created_at, updated_at)
    select 'cm_' || substr(md5('pages:' || i), 1, 16), ${accountId}, 'credit_topup', 100 + (i % 50) * 10, (100 + (i % 50) * 10) * 100,
           case when i % 10 < 8 then 'PAID' when i % 10 = 8 then 'FAILED' else 'USER_DROPPED' end, 'emulator', 'cf_' || i, 'session_' || i,
           case when i % 10 < 8 then (7000000 + i)::text end,
           case when i % 10 < 8 then now() - (i || ' minutes')::interval * 58 end,
           case when i % 10 < 8 then (100 + (i % 50) * 10) * 100 end,
           now() - (i || ' minutes')::interval * 58, now() - (i || ' minutes')::interval * 58
    from generate_series(1, ${PAYMENTS}) i`;
  await db.sql`
    insert into invoices (id, invoice_number, account_id, order_id, financial_year, sequence_number, issued_at,
                          taxable_paise, cgst_paise, sgst_paise, igst_paise, total_paise, snapshot)
    select 'inv_' || o.id, 'KH-' || fy || '-' || lpad(n::text, 6, '0'), o.account_id, o.id, fy, n, o.paid_at,
           o.amount_paise - 2 * round(o.amount_paise * 9 / 118.0)::bigint, round(o.amount_paise * 9 / 118.0)::bigint,
           round(o.amount_paise * 9 / 118.0)::bigint, 0, o.amount_paise, '{}'::jsonb
    from (select o.*, '2627' as fy, row_number() over (order by paid_at) as n from orders o where status = 'PAID') o`;
  await db.sql`
    insert into ledger_entries (account_id, kind, amount_credits, balance_after_credits, cause_key, order_id, description, created_at)
    select account_id, 'topup', credits, sum(credits) over (order by paid_at, id), 'order:' || id, id, 'Top-up', paid_at
    from orders where status = 'PAID'`;
  await db.sql`
    insert into ledger_entries (account_id, kind, amount_credits, balance_after_credits, cause_key, description, created_at)
    select ${accountId}, 'usage', -1, (select sum(amount_credits) from ledger_entries) - i, 'usage:bench:' || i, 'Usage',
           date_trunc('month', now()) + (i || ' seconds')::interval * 60
    from generate_series(1, 2000) i where date_trunc('month', now()) + (i || ' seconds')::interval * 60 < now()`;
  await db.sql`update accounts set credit_balance = (select sum(amount_credits) from ledger_entries where account_id = ${accountId}) where id = ${accountId}`;
  await db.sql`
    insert into monthly_usage (account_id, month, used_credits)
    select ${accountId}, to_char(now() at time zone 'Asia/Kolkata', 'YYYY-MM'), count(*) from ledger_entries where kind = 'usage'`;
  await db.sql`analyze`;

  const app = await startApp(appEnv(db.url));
  onCleanup(() => app.stop());
  const cookie = await sessionCookie(app.url, EMAIL, PASSWORD);
  const headers = { cookie, accept: "text/html" };
  // /sign-in is the trivial baseline: requested without the session (a signed-in visitor is redirected away).
  const headersFor = (p) => (p === "/sign-in" ? { accept: "text/html" } : headers);
  const get = async (p) => {
    const res = await fetch(`${app.url}${p}`, { headers: headersFor(p), redirect: "manual" });
    const text = await res.text();
    if (res.status !== 200) throw new Error(`${p}: ${res.status}`);
    return text;
  };
  const pages = { signIn: "/sign-in", billing: "/billing", payments: "/payments" };
  const html = {};
  for (const [k, p] of Object.entries(pages)) {
    for (let i = 0; i < 5; i++) html[k] = await get(p); // warm
  }
  const shows = { paymentsTotal: /10,000|10000/.test(html.payments) };

  const sequential = {};
  for (const [k, p] of Object.entries(pages)) sequential[k] = await timeLoop(() => get(p), { seconds: 4 });
  const results = {};
  for (const [k, p] of Object.entries(pages)) results[k] = await load({ url: app.url, method: "GET", path: p, headers: headersFor(p), connections: CONNECTIONS });

  const js = firstLoadJs();
  const md = [
    `### Pages (\`npm run bench:pages\`, account with ${PAYMENTS.toLocaleString("en-IN")} payments; ${CONNECTIONS} connections, ${RUN_SECONDS} s per run)`,
    "",
    "| page, one request at a time | p50 ms | p99 ms | n | HTML KB |",
    "| --- | --- | --- | --- | --- |",
    ...Object.entries(pages).map(([k, p]) => `| \`${p}\` | ${sequential[k].p50} | ${sequential[k].p99} | ${sequential[k].n} | ${(html[k].length / 1024).toFixed(1)} |`),
    "",
    TABLE_HEAD.replace("vs ceiling", "vs /sign-in"),
    row("`/sign-in` (baseline, no session)", results.signIn),
    row("`/billing` (overview)", results.billing, results.signIn),
    row("`/payments`", results.payments, results.signIn),
    "",
    `Sequential p50 vs /sign-in: /billing ×${ratio(sequential.billing.p50, sequential.signIn.p50)}, /payments ×${ratio(sequential.payments.p50, sequential.signIn.p50)}.`,
    "",
    "| page | first-load JS (raw KB) | gzip KB | chunks |",
    "| --- | --- | --- | --- |",
    ...Object.entries(js).map(([p, s]) => `| \`${p}\` | ${s.rawKb} | ${s.gzipKb} | ${s.files} |`),
    "",
  ].join("\n");
  console.log(`\n${md}`);
  writeResult("pages", { connections: CONNECTIONS, payments: PAYMENTS, sequential, results, firstLoadJs: js, shows }, md);
});
