// npm run bench:scale-out – the webhook inbox and its settlement workers, one and two of each on one database.
// For each shape (BENCH_SHAPES, default "1x1,2x2" = next start instances × worker processes): signed PAYMENT_SUCCESS
// webhooks for distinct ACTIVE orders, split evenly over the instances, at full speed for BENCH_SECONDS, then at a
// fixed 200 req/s; after each phase it waits until every recorded event is settled. Measured: answered req/s and
// p99 (autocannon), settled orders per second (settled events / the span from the first receipt to the last
// settlement), settlement lag (settled_at − received_at: 2xx → credits visible) p50/p99, and CPU per answered
// webhook of the app, worker, Postgres and load-generator processes (bench/lib/cpu.mjs). After each shape the
// money invariants are checked in SQL: paid orders = invoices = top-up ledger entries = settled events, invoice
// numbers gap-free, every balance = sum(ledger), nothing left unsettled.
import { cpuMeter } from "./lib/cpu.mjs";
import { RUN_SECONDS, WARMUP_SECONDS, appEnv, ensureBuild, freshDatabase, load, percentiles, ratio, runBench, startApp, startJobWorker, writeResult } from "./lib/harness.mjs";
import { seedAccounts, seedActiveOrders } from "./lib/seed.mjs";
import { signedWebhookRequests } from "./lib/webhooks.mjs";

const SHAPES = (process.env.BENCH_SHAPES ?? "1x1,2x2").split(",").map((s) => s.split("x").map(Number));
const CONNECTIONS = Number(process.env.BENCH_CONNECTIONS ?? 16);
const FIXED_RATE = 200;
const WEBHOOK = "/api/v1/payments/webhook";
const ACCOUNTS = 500;
const WORKER_CONCURRENCY = process.env.BENCH_WORKER_CONCURRENCY ?? "4";

const signedRequests = (orderIds, firstPaymentId) =>
  signedWebhookRequests(orderIds, { firstPaymentId }).map((r) => ({ ...r, path: WEBHOOK }));

/** Hands out each request once; past the end it wraps (a duplicate: acknowledged, changes nothing). */
function cursor(reqs) {
  let next = 0;
  const fn = () => reqs[next++ % reqs.length];
  fn.used = () => Math.min(next, reqs.length);
  return fn;
}

/** Load split over the instances: one autocannon per instance, run together; figures summed / worst-of. */
async function loadAll(apps, next, { durationSeconds, overallRate }) {
  const parts = await Promise.all(
    apps.map((app) =>
      load({
        url: app.url,
        nextRequest: next,
        connections: Math.max(1, Math.round(CONNECTIONS / apps.length)),
        durationSeconds,
        ...(overallRate ? { overallRate: overallRate / apps.length } : {}),
      }),
    ),
  );
  return {
    throughput: parts.reduce((a, p) => a + p.throughput, 0),
    requests: parts.reduce((a, p) => a + p.requests, 0),
    p50: Math.max(...parts.map((p) => p.p50)),
    p99: Math.max(...parts.map((p) => p.p99)),
    non2xx: parts.reduce((a, p) => a + p.non2xx, 0),
    errors: parts.reduce((a, p) => a + p.errors + p.timeouts, 0),
  };
}

/** Waits until no recorded payment event is unsettled (bounded), then reads the phase's settlement figures. */
async function settlementOf(sql, orderIds, startedAt) {
  const deadline = Date.now() + 180_000;
  for (;;) {
    const [{ n }] = await sql`select count(*)::int as n from webhook_events where settled_at is null and event_type like 'PAYMENT%'`;
    if (n === 0) break;
    if (Date.now() > deadline) throw new Error(`${n} events still unsettled after 180 s`);
    await new Promise((r) => setTimeout(r, 250));
  }
  const rows = await sql`
    select extract(epoch from (settled_at - created_at)) * 1000 as lag_ms, created_at, settled_at
    from webhook_events where order_id = any(${sql.array(orderIds)}) and created_at >= ${startedAt}`;
  if (rows.length === 0) return { settled: 0 };
  const first = Math.min(...rows.map((r) => new Date(r.created_at).getTime()));
  const last = Math.max(...rows.map((r) => new Date(r.settled_at).getTime()));
  const lag = percentiles(rows.map((r) => Number(r.lag_ms)));
  return { settled: rows.length, settledPerSecond: +(rows.length / ((last - first) / 1000)).toFixed(1), lagP50: lag.p50, lagP99: lag.p99, lagMax: lag.max };
}

async function invariants(sql) {
  const [c] = await sql`
    select (select count(*) from orders where status = 'PAID')::int as paid,
           (select count(*) from invoices)::int as invoices,
           (select count(*) from ledger_entries where kind = 'topup')::int as topups,
           (select count(*) from webhook_events where settled_at is not null and event_type like 'PAYMENT%')::int as settled_events,
           (select count(*) from webhook_events where settled_at is null)::int as unsettled,
           (select coalesce(max(sequence_number) - min(sequence_number) + 1, 0) from invoices)::int as number_span,
           (select count(distinct sequence_number) from invoices)::int as distinct_numbers,
           (select count(*) from accounts a
             where a.credit_balance <> (select coalesce(sum(amount_credits), 0) from ledger_entries l where l.account_id = a.id))::int as balance_mismatches`;
  const holds =
    c.paid === c.invoices && c.invoices === c.topups && c.topups === c.settled_events && c.unsettled === 0 &&
    c.number_span === c.invoices && c.distinct_numbers === c.invoices && c.balance_mismatches === 0;
  return { ...c, holds };
}

await runBench(async (onCleanup) => {
  ensureBuild();
  const results = [];
  for (const [appCount, workerCount] of SHAPES) {
    const db = await freshDatabase(`scale_out_${appCount}x${workerCount}`);
    const accounts = await seedAccounts(db.sql, { tag: "so", n: ACCOUNTS });
    const sizes = { warm: 2_000, full: 20_000, fixed: FIXED_RATE * RUN_SECONDS + 500 };
    const ids = {};
    for (const [phase, n] of Object.entries(sizes)) ids[phase] = await seedActiveOrders(db.sql, { tag: `so-${phase}`, n, accounts });
    await db.sql`analyze`;
    const env = appEnv(db.url, { JOBS_IN_PROCESS: "0" });
    const apps = [];
    const workers = [];
    const stopAll = async () => {
      await Promise.all([...apps.splice(0).map((a) => a.stop()), ...workers.splice(0).map((w) => w.stop())]);
      await db.drop();
    };
    onCleanup(stopAll);
    for (let i = 0; i < appCount; i++) apps.push(await startApp(env));
    for (let i = 0; i < workerCount; i++) workers.push(await startJobWorker({ ...env, JOBS_CONCURRENCY: WORKER_CONCURRENCY }));

    let paymentId = 7_000_000;
    const phase = async (name, orderIds, opts) => {
      const reqs = signedRequests(orderIds, paymentId);
      paymentId += orderIds.length;
      const startedAt = new Date();
      const next = cursor(reqs);
      // CPU per answered webhook, by process kind, over the load and the settlement that follows it.
      const stopCpu = cpuMeter(apps[0].pid, db.name, { otherApps: apps.slice(1).map((a) => a.pid), worker: workers.map((w) => w.pid) });
      const answered = await loadAll(apps, next, opts);
      const settled = await settlementOf(db.sql, orderIds.slice(0, next.used()), startedAt);
      const c = stopCpu(answered.requests);
      const cpu = { app: +(c.appMsPerRequest + c.otherAppsMsPerRequest).toFixed(3), worker: c.workerMsPerRequest, postgres: c.postgresMsPerRequest, loader: c.loaderMsPerRequest };
      return { name, answered, settled, cpu, wrapped: next.used() === reqs.length };
    };
    await phase("warm-up", ids.warm, { durationSeconds: WARMUP_SECONDS });
    const full = await phase("full speed", ids.full, { durationSeconds: RUN_SECONDS });
    const fixed = await phase(`fixed ${FIXED_RATE} req/s`, ids.fixed, { durationSeconds: RUN_SECONDS, overallRate: FIXED_RATE });
    const checks = await invariants(db.sql);
    results.push({ shape: `${appCount} next start × ${workerCount} workers`, appCount, workerCount, full, fixed, invariants: checks });
    await stopAll();
  }

  const base = results[0];
  const line = (r, p) =>
    `| ${r.shape} | ${p.name} | ${p.answered.throughput.toFixed(0)} | ${p.answered.p99} | ${p.answered.non2xx + p.answered.errors} | ` +
    `${p.settled.settledPerSecond ?? "—"} | ${p.settled.lagP50 ?? "—"} | ${p.settled.lagP99 ?? "—"} | ` +
    `${p.cpu.app} / ${p.cpu.worker} / ${p.cpu.postgres} / ${p.cpu.loader} | ${r.invariants.holds ? "hold" : "BROKEN"} |`;
  const md = [
    `### Scale-out (\`npm run bench:scale-out\`, ${RUN_SECONDS} s a phase, ${CONNECTIONS} connections split over the instances, ${WORKER_CONCURRENCY} jobs at once a worker)`,
    "",
    "| shape | phase | answered req/s | answer p99 ms | non-2xx/errors | settled orders/s | lag p50 ms | lag p99 ms | CPU ms/webhook: app / worker / postgres / loader | invariants |",
    "| --- | --- | --- | --- | --- | --- | --- | --- | --- | --- |",
    ...results.flatMap((r) => [line(r, r.full), line(r, r.fixed)]),
    "",
    ...results.slice(1).map(
      (r) =>
        `${r.shape} vs ${base.shape}: answered ×${ratio(r.full.answered.throughput, base.full.answered.throughput)}, ` +
        `settled ×${ratio(r.full.settled.settledPerSecond, base.full.settled.settledPerSecond)}.`,
    ),
    "",
  ].join("\n");
  console.log(`\n${md}`);
  writeResult("scale-out", { shapes: results }, md);
});
