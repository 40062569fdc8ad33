// npm run bench:pdf – invoice PDFs rendered once (by the render job right after issue) and stored: the first
// download after issue (fresh `next start` process, and each invoice's first in a warm one), the repeated download,
// a revalidation (If-None-Match → 304), and an invoice without a rendering (issued before renderings existed:
// rendered on demand), through the API route with a session cookie and through the service function in-process
// ("server time": the route's own work without HTTP and Next). Baselines in the same run: the JSON invoice route
// (same auth, same lookup, no file) over HTTP and its service function in-process, and the same PDF bytes served
// as a static file by a bare Node server.
import http from "node:http";
import { randomBytes } from "node:crypto";
import { runOnce } from "graphile-worker";
import { signWebhook } from "../lib/cashfree/webhook.ts";
import { paymentWebhookBody } from "../lib/testing/orders.ts";
import {
  CASHFREE_SECRET, RUN_SECONDS, TABLE_HEAD, appEnv, ensureBuild, freePort, freshDatabase, load, percentiles, ratio, row, runBench, sessionCookie, startApp, timeLoop,
  writeResult,
} from "./lib/harness.mjs";
import { seedAccounts, seedActiveOrders, seedOwner } from "./lib/seed.mjs";

const CONNECTIONS = Number(process.env.BENCH_CONNECTIONS ?? 4);
const EMAIL = "owner@pdf.bench.test";
const PASSWORD = "bench-password-123";
/** Invoices downloaded once each in a warm process (first download after issue), and rendered on demand. */
const FIRST_N = 12;
const ON_DEMAND_N = 4;

async function settleViaWebhook(url, orderIds) {
  for (const [i, orderId] of orderIds.entries()) {
    const body = paymentWebhookBody({ orderId, orderAmount: 100, cfPaymentId: String(9_000_000 + i), status: "SUCCESS" });
    const ts = Date.now();
    const res = await fetch(`${url}/api/v1/payments/webhook`, {
      method: "POST",
      headers: {
        "content-type": "application/json",
        "x-webhook-signature": signWebhook(CASHFREE_SECRET, ts, body),
        "x-webhook-timestamp": String(ts),
        "x-webhook-version": "2025-01-01",
        "x-idempotency-key": randomBytes(8).toString("hex"),
      },
      body,
    });
    if (res.status !== 200) throw new Error(`webhook ${res.status}: ${await res.text()}`);
  }
}

const msSince = (t) => +(Number(process.hrtime.bigint() - t) / 1e6).toFixed(2);
async function timed(fn) {
  const t = process.hrtime.bigint();
  const r = await fn();
  return { ms: msSince(t), r };
}

await runBench(async (onCleanup) => {
  ensureBuild();
  const db = await freshDatabase("pdf");
  onCleanup(() => db.drop());
  const [accountId] = await seedAccounts(db.sql, { tag: "pdf", n: 1 });
  await seedOwner(db.sql, { accountId, email: EMAIL, password: PASSWORD });
  const total = 2 + FIRST_N + ON_DEMAND_N;
  const orderIds = await seedActiveOrders(db.sql, { tag: "pdf", n: total, accounts: [accountId] });

  // Issue the invoices through real settlement: the webhook records each event (no job runner in the app), then the
  // settlement jobs, run here (only those tasks), settle them in batches; each batch queues its render job.
  let app = await startApp(appEnv(db.url));
  await settleViaWebhook(app.url, orderIds);
  await app.stop();
  process.env.DATABASE_URL = db.url;
  const { openDatabase } = await import("../lib/db/connect.ts");
  const handle = openDatabase(db.url);
  onCleanup(() => handle.close());
  const { settleWebhookEventsTask } = await import("../lib/jobs/tasks/settle-webhook-events.ts");
  const { renderInvoicePdfTask, renderInvoicePdfsTask } = await import("../lib/jobs/tasks/render-invoice-pdf.ts");
  const { jobLogger } = await import("../lib/jobs/job-logger.ts");
  const runTasks = (taskList) =>
    runOnce({ connectionString: db.url, noHandleSignals: true, logger: jobLogger, preset: { worker: { completeJobBatchDelay: 0, failJobBatchDelay: 0 } }, taskList });
  await runTasks({ "settle-webhook-events": settleWebhookEventsTask({ db: handle.db }) });
  const numbers = (await db.sql`select invoice_number from invoices order by sequence_number`).map((r) => r.invoice_number);
  // Each settlement batch queues one render job naming its invoices.
  const [{ n: queued }] = await db.sql`
    select coalesce(sum(json_array_length(j.payload -> 'invoiceIds')), 0)::int as n
    from graphile_worker._private_jobs j join graphile_worker._private_tasks t on t.id = j.task_id where t.identifier = 'render-invoice-pdfs'`;

  // The render jobs, run here (only those tasks) as a worker would: one render per invoice, stored.
  const jobsStarted = process.hrtime.bigint();
  await runTasks({ "render-invoice-pdfs": renderInvoicePdfsTask({ db: handle.db }), "render-invoice-pdf": renderInvoicePdfTask({ db: handle.db }) });
  const jobsMs = msSince(jobsStarted);
  const rendered = Number((await db.sql`select count(*)::int as n from document_renderings where kind = 'invoice'`)[0].n);
  if (queued !== total || rendered !== total) throw new Error(`expected ${total} render jobs and renderings, got ${queued} and ${rendered}`);
  // The last ON_DEMAND_N invoices lose theirs: like invoices issued before renderings existed.
  const onDemand = numbers.slice(total - ON_DEMAND_N);
  await db.sql`delete from document_renderings where document_id in (select id from invoices where invoice_number = any(${db.sql.array(onDemand)}))`;

  // The per-session limit (600/min) would refuse the timed loops below: this is one user measuring, not abuse.
  app = await startApp(appEnv(db.url, { SESSION_RATE_LIMIT_PER_MINUTE: "1000000" }));
  onCleanup(() => app.stop());
  const cookie = await sessionCookie(app.url, EMAIL, PASSWORD);
  const get = async (path, headers = {}, want = 200) => {
    const res = await fetch(`${app.url}${path}`, { headers: { cookie, ...headers } });
    const buf = Buffer.from(await res.arrayBuffer());
    if (res.status !== want) throw new Error(`${path}: ${res.status} ${buf.toString()}`);
    return { buf, etag: res.headers.get("etag") };
  };
  const pdfPath = (n) => `/api/v1/invoices/${n}/pdf`;
  const jsonPath = (n) => `/api/v1/invoices/${n}`;

  // First download after issue (render job done): in the fresh process, then each of FIRST_N invoices once in the
  // warm process, each right after the same invoice's JSON (the baseline, interleaved so both see the same load).
  const coldProcess = await timed(() => get(pdfPath(numbers[0])));
  const firstPdf = [];
  const firstJson = [];
  for (const n of numbers.slice(2, 2 + FIRST_N)) {
    firstJson.push((await timed(() => get(jsonPath(n)))).ms);
    firstPdf.push((await timed(() => get(pdfPath(n)))).ms);
  }
  const onDemandMs = [];
  for (const n of onDemand) onDemandMs.push((await timed(() => get(pdfPath(n)))).ms);
  const onDemandAgain = await get(pdfPath(onDemand[0]));
  const onDemandStored = (await db.sql`
    select r.sha256 from document_renderings r join invoices i on i.id = r.document_id where i.invoice_number = any(${db.sql.array(onDemand)})`).map((r) => r.sha256);
  const onDemandServedStored = onDemandStored.length === ON_DEMAND_N && onDemandStored.includes(onDemandAgain.etag.slice(1, -1));
  const { buf: pdfBytes, etag } = coldProcess.r;
  const sameBytes = Buffer.compare(pdfBytes, (await get(pdfPath(numbers[0]))).buf) === 0;
  const storedMatches = Number((await db.sql`select count(*)::int as n from document_renderings where sha256 = ${etag.slice(1, -1)}`)[0].n) === 1;

  // Sequential repeated downloads (one at a time: the latency a user sees), a revalidation, the JSON baseline.
  const seq = {
    pdf: await timeLoop(() => get(pdfPath(numbers[0])), { seconds: 5 }),
    notModified: await timeLoop(() => get(pdfPath(numbers[0]), { "if-none-match": etag }, 304), { seconds: 5 }),
    json: await timeLoop(() => get(jsonPath(numbers[0])), { seconds: 5 }),
  };

  // Static-file baseline: the same bytes from a bare Node server.
  const port = await freePort();
  const staticServer = http.createServer((_req, res) => {
    res.writeHead(200, { "content-type": "application/pdf", "content-length": String(pdfBytes.length) });
    res.end(pdfBytes);
  });
  await new Promise((r) => staticServer.listen(port, "127.0.0.1", r));
  onCleanup(() => new Promise((r) => staticServer.close(r)));

  const results = {};
  const headers = { cookie };
  results.staticFile = await load({ url: `http://127.0.0.1:${port}`, method: "GET", path: "/invoice.pdf", connections: CONNECTIONS });
  results.jsonRoute = await load({ url: app.url, method: "GET", path: jsonPath(numbers[0]), headers, connections: CONNECTIONS });
  results.pdfRoute = await load({ url: app.url, method: "GET", path: pdfPath(numbers[0]), headers, connections: CONNECTIONS });
  results.notModified = await load({ url: app.url, method: "GET", path: pdfPath(numbers[0]), headers: { ...headers, "if-none-match": etag }, connections: CONNECTIONS });
  await app.stop();

  // Server time: the service functions in-process (no HTTP, no Next, no session check). The first call pays module
  // loading; then the first download of an invoice not yet downloaded, and repeats, against getInvoice.
  const { getInvoicePdf } = await import("../lib/invoices/get-invoice-pdf.ts");
  const { getInvoice } = await import("../lib/invoices/get-invoice.ts");
  const service = { firstInProcess: (await timed(() => getInvoicePdf(handle.db, { accountId, invoiceNumber: numbers[1] }))).ms };
  await getInvoice(handle.db, { accountId, invoiceNumber: numbers[1] });
  const firstOfEach = [];
  for (const n of numbers.slice(2, 2 + FIRST_N)) {
    const t = process.hrtime.bigint();
    await getInvoicePdf(handle.db, { accountId, invoiceNumber: n });
    firstOfEach.push(msSince(t));
  }
  service.firstOfEach = percentiles(firstOfEach);
  service.pdf = await timeLoop(() => getInvoicePdf(handle.db, { accountId, invoiceNumber: numbers[1] }), { seconds: 5 });
  service.json = await timeLoop(() => getInvoice(handle.db, { accountId, invoiceNumber: numbers[1] }), { seconds: 5 });

  const first = { coldProcessMs: coldProcess.ms, warm: percentiles(firstPdf), warmJson: percentiles(firstJson), onDemand: percentiles(onDemandMs) };
  const figures = {
    repeatedServerP50Ms: service.pdf.p50,
    repeatedServerBaselineP50Ms: service.json.p50,
    repeatedServerRatio: ratio(service.pdf.p50, service.json.p50),
    firstAfterIssueHttpP50Ms: first.warm.p50,
    firstAfterIssueHttpBaselineP50Ms: first.warmJson.p50,
    firstAfterIssueHttpRatio: ratio(first.warm.p50, first.warmJson.p50),
    repeatedHttpP50Ms: seq.pdf.p50,
    repeatedHttpBaselineP50Ms: seq.json.p50,
    repeatedHttpRatio: ratio(seq.pdf.p50, seq.json.p50),
    loadThroughputRatio: ratio(results.pdfRoute.throughput, results.jsonRoute.throughput),
  };
  const md = [
    `### Invoice PDF (\`npm run bench:pdf\`, ${CONNECTIONS} connections, ${RUN_SECONDS} s per run; PDF is ${pdfBytes.length} bytes)`,
    "",
    `${total} invoices issued by settlement; their ${queued} render jobs took ${jobsMs} ms in all (${(jobsMs / total).toFixed(1)} ms each, first includes module load).`,
    "",
    "| measurement | PDF ms | JSON route ms (baseline) | ratio |",
    "| --- | --- | --- | --- |",
    `| first download after issue, fresh \`next start\` process | ${first.coldProcessMs} | — | — |`,
    `| first download after issue, warm process, p50 / p99 (n=${FIRST_N}) | ${first.warm.p50} / ${first.warm.p99} | ${first.warmJson.p50} / ${first.warmJson.p99} | ${figures.firstAfterIssueHttpRatio} |`,
    `| repeated download, sequential, p50 / p99 (n=${seq.pdf.n}; JSON n=${seq.json.n}) | ${seq.pdf.p50} / ${seq.pdf.p99} | ${seq.json.p50} / ${seq.json.p99} | ${figures.repeatedHttpRatio} |`,
    `| revalidation (If-None-Match → 304), sequential, p50 / p99 (n=${seq.notModified.n}) | ${seq.notModified.p50} / ${seq.notModified.p99} | ${seq.json.p50} / ${seq.json.p99} | ${ratio(seq.notModified.p50, seq.json.p50)} |`,
    `| no rendering yet (rendered on demand), first download, p50 / max (n=${ON_DEMAND_N}) | ${first.onDemand.p50} / ${first.onDemand.max} | — | — |`,
    `| server time: getInvoicePdf, first call in a fresh process | ${service.firstInProcess} | — | — |`,
    `| server time: getInvoicePdf, first of each invoice, p50 / p99 (n=${FIRST_N}) | ${service.firstOfEach.p50} / ${service.firstOfEach.p99} | ${service.json.p50} / ${service.json.p99} | ${ratio(service.firstOfEach.p50, service.json.p50)} |`,
    `| server time: getInvoicePdf repeated vs getInvoice, p50 / p99 (n=${service.pdf.n}; JSON n=${service.json.n}) | ${service.pdf.p50} / ${service.pdf.p99} | ${service.json.p50} / ${service.json.p99} | ${figures.repeatedServerRatio} |`,
    "",
    TABLE_HEAD,
    row("baseline: same bytes as a static file (bare Node)", results.staticFile),
    row("baseline: JSON invoice route (same auth + lookup)", results.jsonRoute),
    row("PDF route, same invoice repeated", results.pdfRoute, results.jsonRoute),
    row("PDF route, If-None-Match → 304", results.notModified, results.jsonRoute),
    "",
    `PDF route throughput is ${(100 * figures.loadThroughputRatio).toFixed(1)}% of the JSON route's and ` +
      `${(100 * ratio(results.pdfRoute.throughput, results.staticFile.throughput)).toFixed(1)}% of the static file's ("vs ceiling" column: vs the JSON route). ` +
      `Downloads are byte-identical: ${sameBytes}; the ETag is the stored SHA-256: ${storedMatches}; each on-demand rendering was stored once and is served from storage after: ${onDemandServedStored}.`,
    "",
  ].join("\n");
  console.log(`\n${md}`);
  writeResult("pdf", { connections: CONNECTIONS, pdfBytes: pdfBytes.length, renderJobs: { count: total, totalMs: jobsMs }, first, sequential: seq, service, results, figures, byteIdentical: sameBytes, onDemandServedStored }, md);
});
