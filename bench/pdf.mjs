// npm run bench:pdf – invoice PDF: first render (fresh `next start` process, and first of another invoice in a
// warm process) vs repeated download of the same invoice, through the API route with a session cookie and
// through the service function in-process. Baselines measured in the same run: the JSON invoice route (same
// auth, same lookup, no render) and the same PDF bytes served as a static file by a bare Node server.
import http from "node:http";
import { randomBytes } from "node:crypto";
import { signWebhook } from "../lib/cashfree/webhook.ts";
import { paymentWebhookBody } from "../lib/testing/orders.ts";
import {
  CASHFREE_SECRET, RUN_SECONDS, TABLE_HEAD, appEnv, ensureBuild, freePort, freshDatabase, load, ratio, row, runBench, sessionCookie, startApp, timeLoop, writeResult,
} from "./lib/harness.mjs";
import { seedAccounts, seedActiveOrders, seedOwner } from "./lib/seed.mjs";

const CONNECTIONS = Number(process.env.BENCH_CONNECTIONS ?? 4);
const EMAIL = "owner@pdf.bench.test";
const PASSWORD = "bench-password-123";

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

async function timed(fn) {
  const t = process.hrtime.bigint();
  const r = await fn();
  return { ms: +(Number(process.hrtime.bigint() - t) / 1e6).toFixed(1), r };
}

await runBench(async (onCleanup) => {
  ensureBuild();
  const db = await freshDatabase("pdf");
  onCleanup(() => db.drop());
  const [accountId] = await seedAccounts(db.sql, { tag: "pdf", n: 1 });
  await seedOwner(db.sql, { accountId, email: EMAIL, password: PASSWORD });
  const orderIds = await seedActiveOrders(db.sql, { tag: "pdf", n: 3, accounts: [accountId] });

  // Issue three real invoices through settlement, then restart the app so the first PDF render is cold.
  let app = await startApp(appEnv(db.url));
  await settleViaWebhook(app.url, orderIds);
  await app.stop();
  const numbers = (await db.sql`select invoice_number from invoices order by sequence_number`).map((r) => r.invoice_number);

  app = await startApp(appEnv(db.url));
  onCleanup(() => app.stop());
  const cookie = await sessionCookie(app.url, EMAIL, PASSWORD);
  const get = async (path) => {
    const res = await fetch(`${app.url}${path}`, { headers: { cookie } });
    const buf = Buffer.from(await res.arrayBuffer());
    if (res.status !== 200) throw new Error(`${path}: ${res.status} ${buf.toString()}`);
    return buf;
  };
  const pdfPath = (n) => `/api/v1/invoices/${n}/pdf`;
  const first = {};
  first.coldProcess = await timed(() => get(pdfPath(numbers[0])));
  first.sameAgain = await timed(() => get(pdfPath(numbers[0])));
  first.otherInvoiceWarm = await timed(() => get(pdfPath(numbers[1])));
  const pdfBytes = first.coldProcess.r;
  const sameBytes = Buffer.compare(pdfBytes, first.sameAgain.r) === 0;

  // Sequential repeated downloads (one at a time: the latency a user sees), then under load.
  const seq = {
    pdf: await timeLoop(() => get(pdfPath(numbers[0])), { seconds: 5 }),
    json: await timeLoop(() => get(`/api/v1/invoices/${numbers[0]}`), { seconds: 5 }),
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
  results.jsonRoute = await load({ url: app.url, method: "GET", path: `/api/v1/invoices/${numbers[0]}`, headers, connections: CONNECTIONS });
  results.pdfRoute = await load({ url: app.url, method: "GET", path: pdfPath(numbers[0]), headers, connections: CONNECTIONS });
  await app.stop();

  // The service function in-process (no HTTP, no Next): first call pays module load + font registration.
  process.env.DATABASE_URL = db.url;
  const { openDatabase } = await import("../lib/db/connect.ts");
  const handle = await openDatabase({ url: db.url });
  onCleanup(() => handle.close());
  const { getInvoicePdf } = await import("../lib/invoices/get-invoice-pdf.ts");
  const service = {
    first: (await timed(() => getInvoicePdf(handle.db, { accountId, invoiceNumber: numbers[2] }))).ms,
    repeated: await timeLoop(() => getInvoicePdf(handle.db, { accountId, invoiceNumber: numbers[2] }), { seconds: 5 }),
  };

  const md = [
    `### Invoice PDF (\`npm run bench:pdf\`, ${CONNECTIONS} connections, ${RUN_SECONDS} s per run; PDF is ${pdfBytes.length} bytes)`,
    "",
    "| single request | ms |",
    "| --- | --- |",
    `| first PDF download in a fresh \`next start\` process | ${first.coldProcess.ms} |`,
    `| same invoice again, right after | ${first.sameAgain.ms} |`,
    `| first download of another invoice, warm process | ${first.otherInvoiceWarm.ms} |`,
    `| repeated download, sequential, p50 / p99 (n=${seq.pdf.n}) | ${seq.pdf.p50} / ${seq.pdf.p99} |`,
    `| JSON invoice route, sequential, p50 / p99 (n=${seq.json.n}) | ${seq.json.p50} / ${seq.json.p99} |`,
    `| service function getInvoicePdf, first call in a fresh process | ${service.first} |`,
    `| service function, repeated, p50 / p99 (n=${service.repeated.n}) | ${service.repeated.p50} / ${service.repeated.p99} |`,
    "",
    TABLE_HEAD,
    row("baseline: same bytes as a static file (bare Node)", results.staticFile),
    row("baseline: JSON invoice route (same auth + lookup)", results.jsonRoute),
    row("PDF route, same invoice repeated", results.pdfRoute, results.jsonRoute),
    "",
    `PDF route throughput is ${(100 * ratio(results.pdfRoute.throughput, results.jsonRoute.throughput)).toFixed(1)}% of the JSON route's and ` +
      `${(100 * ratio(results.pdfRoute.throughput, results.staticFile.throughput)).toFixed(1)}% of the static file's ("vs ceiling" column: vs the JSON route). ` +
      `Repeated downloads are byte-identical: ${sameBytes}.`,
    "",
  ].join("\n");
  console.log(`\n${md}`);
  writeResult("pdf", { connections: CONNECTIONS, pdfBytes: pdfBytes.length, first: { coldProcessMs: first.coldProcess.ms, sameAgainMs: first.sameAgain.ms, otherInvoiceWarmMs: first.otherInvoiceWarm.ms }, sequential: seq, service, results, byteIdentical: sameBytes }, md);
});
