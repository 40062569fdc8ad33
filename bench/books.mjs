// npm run bench:books – the credit statement and the exports at scale.
// (a) Statement: one account with 100k ledger entries (usage with a top-up every 1,000, ~100 IST days over four
//     months). Server time of a page at depth 0 / 25% / 50% / 75% / 95%, entry by entry (group=none) and with usage
//     per day (group=day): the service in-process (listStatement), and GET /api/v1/credits/ledger over HTTP on the
//     route server (bench/lib/route-server.ts: the real apiRoute handler in its own Node process). Baseline in the
//     same run: GET /api/v1/balance on the same server (same API-key auth, one indexed row).
// (b) Exports: peak RSS (VmHWM) of a fresh production server process (`next start` on the bench build, NEXT_DIST_DIR
//     .next-bench, built once if missing) streaming GET /api/v1/exports/ledger as CSV and XLSX for accounts with 10k,
//     100k and 1M ledger rows. Baseline: the same process's peak after one balance request. BENCH_EXPORT_SERVER=tsx
//     measures the route server (bench/lib/route-server.ts) instead, without a build.
// BENCH_EXPORT_REPEAT=8 measures each export on that many fresh servers (default 1). BENCH_EXPORT_ROWS=10000,100000 limits the export sizes (default 10000,100000,1000000); BENCH_XLSX_ROWS the XLSX ones
// (default 10000,100000), BENCH_CSV_ROWS the CSV ones (default: all). With 1M rows seeded, the statement is also timed on that account (a month of 1M calls).
import { spawn } from "node:child_process";
import fs from "node:fs";
import { createInterface } from "node:readline";
import { openDatabase } from "../lib/db/connect.ts";
import { createApiKey } from "../lib/api-keys/create-api-key.ts";
import { listStatement } from "../lib/credits/list-statement.ts";
import { statementCursor, statementQuerySchema } from "../lib/credits/statement-query.ts";
import { encodeCursor } from "../lib/pagination/cursor.ts";
import { appEnv, ensureBuild, freshDatabase, percentiles, ratio, runBench, startApp, writeResult } from "./lib/harness.mjs";
import { seedAccounts } from "./lib/seed.mjs";

const STATEMENT_ROWS = 100_000;
const EXPORT_ROWS = (process.env.BENCH_EXPORT_ROWS ?? "10000,100000,1000000").split(",").map(Number);
/** XLSX is written at a few thousand rows/s by exceljs on this machine: 1M rows only when asked for. */
const XLSX_ROWS = (process.env.BENCH_XLSX_ROWS ?? "10000,100000").split(",").map(Number);
const CSV_ROWS = (process.env.BENCH_CSV_ROWS ?? EXPORT_ROWS.join(",")).split(",").map(Number);
const SAMPLES = Number(process.env.BENCH_SAMPLES ?? 15);
const EXPORT_SERVER = process.env.BENCH_EXPORT_SERVER ?? "next";
/** Fresh servers per export size and format (each its own process, so each peak is that export's alone). */
const EXPORT_REPEAT = Number(process.env.BENCH_EXPORT_REPEAT ?? 1);

/** `n` ledger entries for `accountId`, `stepSeconds` apart from 2026-08-01 IST: a top-up first and every 1,000th, usage by 3 keys otherwise. */
async function seedLedger(sql, { accountId, n, stepSeconds, keyIds }) {
  await sql`
    insert into ledger_entries (account_id, kind, amount_credits, balance_after_credits, cause_key, api_key_id, description, created_at)
    select ${accountId}, kind, amount, sum(amount) over (order by i), ${accountId} || ':' || i,
           case when kind = 'usage' then (${sql.array(keyIds)}::text[])[1 + (i % 3)] end,
           case when kind = 'topup' then 'Bench top-up' end,
           timestamptz '2026-08-01 00:00:00+05:30' + make_interval(secs => i * ${stepSeconds}::float8)
    from (select i, case when i % 1000 = 0 then 'topup' else 'usage' end as kind,
                 case when i = 0 then ${n}::bigint when i % 1000 = 0 then 500 else -1 end as amount
          from generate_series(0, ${n - 1}) i) s
    order by i`;
  await sql`update accounts set credit_balance = (select sum(amount_credits) from ledger_entries where account_id = ${accountId}) where id = ${accountId}`;
}

async function timeIt(fn, samples = SAMPLES) {
  const ms = [];
  await fn(); // warm
  for (let i = 0; i < samples; i++) {
    const t = process.hrtime.bigint();
    await fn();
    ms.push(Number(process.hrtime.bigint() - t) / 1e6);
  }
  const p = percentiles(ms);
  return { p50: +p.p50.toFixed(2), p99: +p.p99.toFixed(2), max: +Math.max(...ms).toFixed(2) };
}

async function startRouteServer(env) {
  // node itself runs the server (tsx as a loader, not its CLI, which would put the server in a grandchild process).
  const child = spawn(process.execPath, ["--import", "tsx", "bench/lib/route-server.ts"], { env, stdio: ["ignore", "pipe", "inherit"] });
  const port = await new Promise((resolve, reject) => {
    const lines = createInterface({ input: child.stdout });
    lines.once("line", (l) => resolve(Number(l)));
    child.once("exit", (code) => reject(new Error(`route server exited ${code}`)));
  });
  return {
    url: `http://127.0.0.1:${port}`,
    pid: child.pid,
    stop: () => new Promise((r) => (child.exitCode !== null || child.signalCode !== null ? r() : (child.once("exit", r), child.kill("SIGTERM")))),
  };
}

/** Peak and current resident set of a process (Linux /proc), MB. */
function memoryOf(pid) {
  const status = fs.readFileSync(`/proc/${pid}/status`, "utf8");
  const kb = (name) => Number(new RegExp(`${name}:\\s+(\\d+)`).exec(status)?.[1] ?? 0);
  return { peakMb: +(kb("VmHWM") / 1024).toFixed(1), rssMb: +(kb("VmRSS") / 1024).toFixed(1) };
}

/** The process that serves: `pid` or, if it forked one, its descendant with the largest resident set. */
function servingPid(pid) {
  const children = (p) => {
    try {
      return fs.readFileSync(`/proc/${p}/task/${p}/children`, "utf8").trim().split(/\s+/).filter(Boolean).map(Number);
    } catch {
      return [];
    }
  };
  const all = [pid];
  for (let i = 0; i < all.length; i++) all.push(...children(all[i]));
  return all.reduce((best, p) => {
    try {
      return memoryOf(p).rssMb > memoryOf(best).rssMb ? p : best;
    } catch {
      return best;
    }
  }, pid);
}

/** A fresh server process for one export: `next start` (production build) or the tsx route server. */
async function startExportServer(env) {
  if (EXPORT_SERVER === "tsx") return startRouteServer(env);
  return startApp(env);
}

await runBench(async (onCleanup) => {
  const db = await freshDatabase("books");
  onCleanup(() => db.drop());
  const handle = openDatabase(db.url, { max: 4 });
  onCleanup(() => handle.close());
  const sizes = [...new Set([STATEMENT_ROWS, ...EXPORT_ROWS])].sort((a, b) => a - b);
  const accounts = {};
  const keys = {};
  const seedStart = Date.now();
  for (const n of sizes) {
    const [accountId] = await seedAccounts(db.sql, { tag: `books${n}`, n: 1, plan: "enterprise", planExpiresAt: new Date("2030-01-01") });
    const made = [];
    for (const name of ["a", "b", "c"]) made.push(await createApiKey(handle.db, { accountId, name: `bench ${name}`, createdByUserId: null }));
    // 100k entries over ~100 days; 1M over 30 days (a month with a million calls); 10k over 10 days.
    const stepSeconds = n >= 1_000_000 ? 2.592 : 86.4;
    await seedLedger(db.sql, { accountId, n, stepSeconds, keyIds: made.map((m) => m.apiKey.id) });
    accounts[n] = accountId;
    keys[n] = made[0].key;
  }
  await db.sql`vacuum analyze ledger_entries`;
  console.log(`seeded ${sizes.join(", ")} ledger rows in ${((Date.now() - seedStart) / 1000).toFixed(1)} s`);

  const env = appEnv(db.url, { DATABASE_POOL_MAX: "4" });
  const results = { statement: [], exports: [], seeded: sizes };

  // (a) statement at depth.
  const accountId = accounts[STATEMENT_ROWS];
  const server = await startRouteServer(env);
  onCleanup(() => server.stop());
  const headers = { "x-api-key": keys[STATEMENT_ROWS] };
  const balance = await timeIt(async () => {
    const r = await fetch(`${server.url}/api/v1/balance`, { headers });
    if (r.status !== 200) throw new Error(`balance ${r.status}`);
    await r.arrayBuffer();
  });
  for (const group of ["none", "day"]) {
    for (const depth of [0, 0.25, 0.5, 0.75, 0.95]) {
      let cursor;
      if (depth > 0) {
        const offset = Math.floor(STATEMENT_ROWS * depth);
        const [row] = await db.sql`
          select to_char((created_at at time zone 'UTC') + interval '5 hours 30 minutes', 'YYYY-MM-DD') as day,
                 to_char(created_at at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"') as ts, id::text as id
          from ledger_entries where account_id = ${accountId} order by created_at, id offset ${offset} limit 1`;
        const key = group === "none" ? { day: row.day, grp: 0, createdAt: row.ts, id: row.id } : { day: row.day, grp: 1, createdAt: null, id: null };
        cursor = encodeCursor(statementCursor(key, group));
      }
      const params = { group, limit: "50", ...(cursor ? { cursor } : {}) };
      const query = statementQuerySchema.parse(params);
      let lines = 0;
      const service = await timeIt(async () => {
        lines = (await listStatement(handle.db, accountId, query)).lines.length;
      });
      const qs = new URLSearchParams(params).toString();
      const http = await timeIt(async () => {
        const r = await fetch(`${server.url}/api/v1/credits/ledger?${qs}`, { headers });
        if (r.status !== 200) throw new Error(`ledger ${r.status}: ${await r.text()}`);
        await r.arrayBuffer();
      });
      results.statement.push({ group, depth, lines, service, http, baseline_http: balance, ratio_http_p50: ratio(http.p50, balance.p50) });
      console.log(`statement group=${group} depth=${depth}: ${lines} lines, service p50 ${service.p50} ms p99 ${service.p99} ms, HTTP p50 ${http.p50} ms (balance ${balance.p50} ms)`);
    }
  }
  if (accounts[1_000_000]) {
    // A month with a million calls (33k a day): the day-grouped page aggregates every call of the days it shows.
    const big = accounts[1_000_000];
    for (const group of ["none", "day"]) {
      const query = statementQuerySchema.parse({ group, limit: "50", from: "2026-08-10" });
      let lines = 0;
      const service = await timeIt(async () => {
        lines = (await listStatement(handle.db, big, query)).lines.length;
      }, 5);
      results.statement.push({ account_rows: 1_000_000, group, from: "2026-08-10", lines, service });
      console.log(`statement 1M account group=${group} from 2026-08-10: ${lines} lines, service p50 ${service.p50} ms`);
    }
  }
  await server.stop();

  // (b) export peak RSS, a fresh server process per run.
  if (EXPORT_SERVER !== "tsx") ensureBuild();
  results.export_server = EXPORT_SERVER === "tsx" ? "bench/lib/route-server.ts (node --import tsx)" : "next start (production build)";
  for (const n of EXPORT_ROWS) {
    for (const format of ["csv", "xlsx"]) {
      if (!(format === "xlsx" ? XLSX_ROWS : CSV_ROWS).includes(n)) continue;
      for (let run = 0; run < EXPORT_REPEAT; run++) {
        const s = await startExportServer(env);
        const h = { "x-api-key": keys[n] };
        await (await fetch(`${s.url}/api/v1/balance`, { headers: h })).arrayBuffer();
        const pid = servingPid(s.pid);
        const before = memoryOf(pid);
        const t = Date.now();
        const r = await fetch(`${s.url}/api/v1/exports/ledger?format=${format}`, { headers: h });
        if (r.status !== 200) throw new Error(`export ${r.status}: ${await r.text()}`);
        let bytes = 0;
        const reader = r.body.getReader();
        for (;;) {
          const { done, value } = await reader.read();
          if (done) break;
          bytes += value.byteLength;
        }
        const after = memoryOf(pid);
        const seconds = (Date.now() - t) / 1000;
        await s.stop();
        results.exports.push({ rows: n, format, server: EXPORT_SERVER, peak_rss_mb: after.peakMb, baseline_peak_rss_mb: before.peakMb, ratio: ratio(after.peakMb, before.peakMb), seconds: +seconds.toFixed(1), megabytes: +(bytes / 1e6).toFixed(1), rows_per_second: Math.round(n / seconds) });
        console.log(`export ledger ${format} ${n} rows (${EXPORT_SERVER}): peak RSS ${after.peakMb} MB (idle-after-balance peak ${before.peakMb} MB), ${(bytes / 1e6).toFixed(1)} MB in ${seconds.toFixed(1)} s`);
      }
    }
  }
  const file = writeResult("books", results);
  console.log(`wrote ${file}`);
});
