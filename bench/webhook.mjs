// npm run bench:webhook – signed PAYMENT_SUCCESS webhooks for distinct ACTIVE orders (and a mix with 30%
// duplicates) against `next start` on Postgres, vs the empty POST route of the same build with the same bodies.
// Also p99 at a fixed 200 req/s. The webhook answers once the event is recorded with its settlement job; one
// `npm run worker` process settles them in batches meanwhile: settled orders per second during the distinct run
// and the settlement lag (received → settled) at 200 req/s are measured from webhook_events.
// BENCH_SPLIT=1 measures the two halves apart instead: with no worker running, the answer alone (the app and
// PostgreSQL have the cores, as where workers run on their own), then one worker alone draining that backlog with
// the app idle (settlement capacity). BENCH_WORKER_SKIP_TASKS sets the worker's JOBS_SKIP_TASKS. BENCH_CPU_PROF=1 writes a CPU profile of the server to bench/out/prof/.
import {
  RUN_SECONDS, TABLE_HEAD, WARMUP_SECONDS, appEnv, ensureBuild, freshDatabase, load, ratio, row, runBench, sampleWaits, startApp, startJobWorker, writeResult,
} from "./lib/harness.mjs";
import { seedAccounts, seedActiveOrders } from "./lib/seed.mjs";
import { signedWebhookRequests } from "./lib/webhooks.mjs";
import { pacedLoadSplit } from "./lib/paced-load.mjs";

const CONNECTIONS = Number(process.env.BENCH_CONNECTIONS ?? 16);
const ACCOUNTS = 500;
const WEBHOOK = "/api/v1/payments/webhook";
const EMPTY = "/api/bench/empty";

/** Cycles through `reqs` (distinct) and, with probability `dupShare`, resends one already sent (same bytes). */
function source(reqs, path, dupShare = 0) {
  let next = 0;
  let sent = 0;
  let duplicates = 0;
  let wrapped = false;
  const fn = () => {
    sent++;
    if (dupShare > 0 && next > 0 && Math.random() < dupShare) {
      duplicates++;
      const r = reqs[Math.floor(Math.random() * next)];
      return { path, headers: r.headers, body: r.body };
    }
    if (next >= reqs.length) {
      wrapped = true;
      next = 0;
    }
    const r = reqs[next++];
    return { path, headers: r.headers, body: r.body };
  };
  fn.stats = () => ({ sent, duplicates, distinctUsed: next, wrapped });
  return fn;
}

/** BENCH_SPLIT=1: the answer with no worker running, then one worker alone settling the backlog it left. */
async function splitRuns({ app, db, ids, run, results, unsettled, waitForDrain, onCleanup }) {
  // The answer alone: no worker yet, so the app and PostgreSQL have the cores (a deployment's workers run on their own).
  const answerReqs = signedWebhookRequests(ids.answerDistinct);
  results.answerCeiling = await run(source(answerReqs, EMPTY));
  results.answerOnly = await run(source(answerReqs, WEBHOOK));
  const answerFixedReqs = signedWebhookRequests(ids.answerFixed);
  results.answerCeilingFixed200 = await run(source(answerFixedReqs, EMPTY), { overallRate: 200 });
  results.answerOnlyFixed200 = await run(source(answerFixedReqs, WEBHOOK), { overallRate: 200 });
  // The same paced 200 req/s split over two `next start` processes (100 each), as a balancer in front would.
  const app2 = await startApp(appEnv(db.url));
  onCleanup(() => app2.stop());
  // Warmed as the usage bench warms its second process: closed loop, then the split paced rate (a fresh
  // `next start` is several seconds from its steady speed).
  await load({ url: app2.url, nextRequest: source(signedWebhookRequests(ids.warm2), WEBHOOK), connections: CONNECTIONS, durationSeconds: WARMUP_SECONDS });
  await pacedLoadSplit({ urls: [app.url, app2.url], nextRequest: source(signedWebhookRequests(ids.warm3), WEBHOOK), rate: 200, durationSeconds: WARMUP_SECONDS });
  const twoAppsSrc = source(signedWebhookRequests(ids.answerFixed2), WEBHOOK);
  results.answerTwoAppsFixed200 = await pacedLoadSplit({ urls: [app.url, app2.url], nextRequest: twoAppsSrc, rate: 200, durationSeconds: RUN_SECONDS });
  results.answerTwoAppsFixed200.source = twoAppsSrc.stats();
  await app2.stop();

  // The worker alone, the app idle: the backlog the answer phases left, settled as fast as one worker can.
  const backlog = await unsettled();
  const drainFrom = new Date();
  const worker = await startJobWorker(appEnv(db.url));
  onCleanup(() => worker.stop());
  const waitedMs = await waitForDrain(600_000);
  const [r] = await db.sql`
    select count(*)::int as settled, extract(epoch from max(settled_at) - min(settled_at))::float8 as span_s
    from webhook_events where settled_at >= ${drainFrom}`;
  results.drainOnly = { backlog, ...r, waitedMs, settledPerSecond: r.span_s > 0 ? Math.round(r.settled / r.span_s) : null };
  const [check] = await db.sql`
    select (select count(*) from orders where status = 'PAID')::int as paid, (select count(*) from invoices)::int as invoices,
           (select count(*) from webhook_events)::int as events,
           (select max(sequence_number) - min(sequence_number) + 1 from invoices)::int as span`;
  const acceptance = {
    answerOnlyRatio: ratio(results.answerOnly.throughput, results.answerCeiling.throughput),
    answerOnlyP99At200: results.answerOnlyFixed200.p99,
    answerTwoAppsP99At200: results.answerTwoAppsFixed200.p99,
    drainOnlySettledPerSecond: results.drainOnly.settledPerSecond,
  };
  const md = [
    `### Webhook, answer and settlement apart (\`BENCH_SPLIT=1 npm run bench:webhook\`, ${CONNECTIONS} connections, ${RUN_SECONDS} s per run)`,
    "",
    TABLE_HEAD,
    row("ceiling: empty POST route, same bodies (no worker)", results.answerCeiling),
    row("webhook answer, distinct orders (no worker)", results.answerOnly, results.answerCeiling),
    row("ceiling @ 200 req/s (no worker)", results.answerCeilingFixed200),
    row("webhook answer @ 200 req/s (no worker)", results.answerOnlyFixed200, results.answerCeilingFixed200),
    row("webhook answer @ 200 req/s over 2 next start processes, 100 each (no worker)", results.answerTwoAppsFixed200, results.answerCeilingFixed200),
    "",
    `Answer alone: **${(100 * acceptance.answerOnlyRatio).toFixed(0)}%** of the empty route (target ≥ 60%), p99 at 200 req/s ` +
      `**${acceptance.answerOnlyP99At200} ms** (target < 50 ms). One worker alone, the app idle: the ${backlog} recorded events ` +
      `settled at **${results.drainOnly.settledPerSecond}/s** (${r.settled} in ${r.span_s?.toFixed(1)} s, first to last settled).`,
    `After: ${check.paid} orders PAID, ${check.invoices} invoices (numbers span ${check.span}), ${check.events} webhook events.`,
    "",
  ].join("\n");
  console.log(`\n${md}`);
  writeResult("webhook-split", { connections: CONNECTIONS, runSeconds: RUN_SECONDS, accounts: ACCOUNTS, results, acceptance, check }, md);
}

await runBench(async (onCleanup) => {
  ensureBuild();
  const db = await freshDatabase("webhook");
  onCleanup(() => db.drop());
  const accounts = await seedAccounts(db.sql, { tag: "wh", n: ACCOUNTS });
  // Enough distinct orders for each phase (a phase that runs out wraps around, and says so).
  const split = process.env.BENCH_SPLIT === "1";
  const sizes = split
    ? { warm: 3_000, answerDistinct: 15_000, answerFixed: 200 * RUN_SECONDS + 500, warm2: 3_000, warm3: 200 * (WARMUP_SECONDS + 1) + 200, answerFixed2: 200 * RUN_SECONDS + 500 }
    : { warm: 3_000, distinct: 15_000, mix: 12_000, fixed: 200 * RUN_SECONDS + 500 };
  const ids = {};
  for (const [phase, n] of Object.entries(sizes)) ids[phase] = await seedActiveOrders(db.sql, { tag: `wh-${phase}`, n, accounts });
  await db.sql`analyze`;

  const app = await startApp(appEnv(db.url), { cpuProfDir: process.env.BENCH_CPU_PROF === "1" ? "bench/out/prof" : undefined });
  onCleanup(() => app.stop());
  if (!split) {
    // BENCH_WORKER_SKIP_TASKS (e.g. render-invoice-pdfs,render-invoice-pdf): the worker's JOBS_SKIP_TASKS, as a
    // settlement worker whose PDF renders run on other machines.
    const skip = process.env.BENCH_WORKER_SKIP_TASKS;
    const worker = await startJobWorker(appEnv(db.url, skip ? { JOBS_SKIP_TASKS: skip } : {}));
    onCleanup(() => worker.stop());
  }
  const run = (src, extra = {}) => load({ url: app.url, nextRequest: src, connections: CONNECTIONS, ...extra });

  // Warm both routes (JIT, connection pool, route compilation).
  const warm = signedWebhookRequests(ids.warm);
  await run(source(warm, EMPTY), { durationSeconds: WARMUP_SECONDS });
  await run(source(warm, WEBHOOK), { durationSeconds: WARMUP_SECONDS });

  const results = {};
  const unsettled = async () => (await db.sql`select count(*)::int as n from webhook_events where settled_at is null`)[0].n;
  const waitForDrain = async (limitMs) => {
    const started = Date.now();
    while ((await unsettled()) > 0 && Date.now() - started < limitMs) await new Promise((r) => setTimeout(r, 250));
    return Date.now() - started;
  };
  if (split) {
    await splitRuns({ app, db, ids, run, results, unsettled, waitForDrain, onCleanup });
    return;
  }

  const distinctReqs = signedWebhookRequests(ids.distinct);
  results.ceiling = await run(source(distinctReqs, EMPTY));
  const dSrc = source(distinctReqs, WEBHOOK);
  const stopSampling = sampleWaits(db.name);
  results.distinct = await run(dSrc);
  results.distinct.pgActivity = await stopSampling();
  results.distinct.source = dSrc.stats();
  if (process.env.BENCH_ONLY === "distinct") {
    console.log(JSON.stringify(results, null, 2));
    return;
  }

  const mixReqs = signedWebhookRequests(ids.mix);
  results.ceilingMix = await run(source(mixReqs, EMPTY, 0.3));
  const mSrc = source(mixReqs, WEBHOOK, 0.3);
  results.mix = await run(mSrc);
  results.mix.source = mSrc.stats();

  const fixedReqs = signedWebhookRequests(ids.fixed);
  results.ceilingFixed200 = await run(source(fixedReqs, EMPTY), { overallRate: 200 });
  const fSrc = source(fixedReqs, WEBHOOK);
  results.fixed200 = await run(fSrc, { overallRate: 200 });
  results.fixed200.source = fSrc.stats();

  // Settlement: wait (bounded) until the worker has settled every recorded event, then read rates and lags.
  const drainMs = await waitForDrain(300_000);
  const settlement = async (orderIds) => {
    const [r] = await db.sql`
      select count(*)::int as events, count(settled_at)::int as settled,
             extract(epoch from max(settled_at) - min(created_at))::float8 as span_s,
             (percentile_cont(0.5) within group (order by extract(epoch from settled_at - created_at) * 1000))::float8 as lag_p50_ms,
             (percentile_cont(0.99) within group (order by extract(epoch from settled_at - created_at) * 1000))::float8 as lag_p99_ms,
             max(extract(epoch from settled_at - created_at) * 1000)::float8 as lag_max_ms
      from webhook_events where order_id = any(${orderIds})`;
    return { ...r, settledPerSecond: r.span_s > 0 ? Math.round(r.settled / r.span_s) : null };
  };
  results.settlement = { drainMs, distinct: await settlement(ids.distinct), fixed200: await settlement(ids.fixed) };

  // Exactly-once check on what the load did: paid orders = invoices = credit ledger entries; numbers gap-free.
  const [check] = await db.sql`
    select (select count(*) from orders where status = 'PAID')::int as paid,
           (select count(*) from invoices)::int as invoices,
           (select count(*) from ledger_entries where kind = 'topup')::int as topups,
           (select count(*) from webhook_events)::int as events,
           (select max(sequence_number) - min(sequence_number) + 1 from invoices)::int as span,
           (select count(*) from accounts a where a.credit_balance <> (select coalesce(sum(amount_credits),0) from ledger_entries l where l.account_id = a.id))::int as balance_mismatches`;

  const acceptance = {
    throughputRatio: ratio(results.distinct.throughput, results.ceiling.throughput),
    mixRatio: ratio(results.mix.throughput, results.ceilingMix.throughput),
    p99At200: results.fixed200.p99,
    meetsThroughput: ratio(results.distinct.throughput, results.ceiling.throughput) >= 0.6,
    meetsP99: results.fixed200.p99 < 50,
    settledPerSecond: results.settlement.distinct.settledPerSecond,
    settlementLagP99At200: results.settlement.fixed200.lag_p99_ms,
    meetsLag: results.settlement.fixed200.lag_p99_ms < 1000,
  };
  const md = [
    `### Webhook settlement (\`npm run bench:webhook\`, ${CONNECTIONS} connections, ${RUN_SECONDS} s per run)`,
    "",
    TABLE_HEAD,
    row("ceiling: empty POST route, same bodies", results.ceiling),
    row("settlement, distinct orders", results.distinct, results.ceiling),
    row("ceiling, mix bodies", results.ceilingMix),
    row("settlement, 30% duplicates", results.mix, results.ceilingMix),
    row("ceiling @ 200 req/s", results.ceilingFixed200),
    row("settlement @ 200 req/s", results.fixed200, results.ceilingFixed200),
    "",
    `Throughput ratio (distinct / ceiling): **${(100 * acceptance.throughputRatio).toFixed(0)}%** (target ≥ 60%); ` +
      `30% duplicates: ${(100 * acceptance.mixRatio).toFixed(0)}%; p99 at 200 req/s: **${acceptance.p99At200} ms** (target < 50 ms).`,
    `After the runs: ${check.paid} orders PAID, ${check.invoices} invoices (numbers span ${check.span}, gap-free: ${check.span === check.invoices}), ` +
      `${check.topups} top-up ledger entries, ${check.events} webhook events, ${check.balance_mismatches} balance/ledger mismatches.`,
    `Settlement (one worker, batches of ≤ ${process.env.WEBHOOK_SETTLE_BATCH ?? 50}): distinct run ${results.settlement.distinct.settled} events settled at ` +
      `**${results.settlement.distinct.settledPerSecond}/s** (first received → last settled), lag p50 ${Math.round(results.settlement.distinct.lag_p50_ms)} ms / ` +
      `p99 ${Math.round(results.settlement.distinct.lag_p99_ms)} ms; at 200 req/s lag p50 ${Math.round(results.settlement.fixed200.lag_p50_ms)} ms, ` +
      `**p99 ${Math.round(results.settlement.fixed200.lag_p99_ms)} ms** (target < 1 s), max ${Math.round(results.settlement.fixed200.lag_max_ms)} ms; ` +
      `backlog drained ${drainMs} ms after the last run. (settled_at is the batch's clock, taken when its transaction starts.)`,
    `Postgres backends of the app during the distinct run (average per sample, state / wait): ${JSON.stringify(results.distinct.pgActivity)}`,
    "",
  ].join("\n");
  console.log(`\n${md}`);
  writeResult("webhook", { connections: CONNECTIONS, runSeconds: RUN_SECONDS, accounts: ACCOUNTS, results, acceptance, check }, md);
});
