// npm run bench:body-limit – a 300 MB chunked upload (no Content-Length) to POST /api/v1/payments/webhook on
// `next start`: the answer, how many bytes the client got to write before the server answered and closed, and the
// server's peak RSS (VmHWM) before and after. Baseline: the same server, a 10 KB chunked request, same run.
import fs from "node:fs";
import http from "node:http";
import { appEnv, ensureBuild, freshDatabase, runBench, startApp, writeResult } from "./lib/harness.mjs";

const WEBHOOK = "/api/v1/payments/webhook";
const BIG_BYTES = 300 * 1024 * 1024;
const SMALL_BYTES = 10 * 1024;
const CHUNK = Buffer.alloc(64 * 1024, 0x20);
const UPLOAD_TIMEOUT_MS = 60_000;

/** Peak and current RSS (MiB) of a process and its descendants (`next start` may fork a server process). */
function memoryOf(pid) {
  const pids = [pid];
  for (let i = 0; i < pids.length; i++) {
    try {
      for (const child of fs.readFileSync(`/proc/${pids[i]}/task/${pids[i]}/children`, "utf8").trim().split(/\s+/).filter(Boolean)) pids.push(Number(child));
    } catch {}
  }
  let hwmKb = 0;
  let rssKb = 0;
  for (const p of pids) {
    const status = fs.readFileSync(`/proc/${p}/status`, "utf8");
    hwmKb += Number(/VmHWM:\s+(\d+)/.exec(status)?.[1] ?? 0);
    rssKb += Number(/VmRSS:\s+(\d+)/.exec(status)?.[1] ?? 0);
  }
  return { pids, peakMiB: +(hwmKb / 1024).toFixed(1), rssMiB: +(rssKb / 1024).toFixed(1) };
}

/** Writes up to `totalBytes` chunked as fast as the server reads; stops at the server's answer or close. */
function chunkedUpload(baseUrl, totalBytes) {
  const url = new URL(WEBHOOK, baseUrl);
  const started = performance.now();
  return new Promise((resolve) => {
    let bytesWritten = 0;
    let answered = false;
    let status = null;
    let body = "";
    const finish = (how) => resolve({ status, body, bytesWritten, how, ms: +(performance.now() - started).toFixed(0) });
    const req = http.request({ host: url.hostname, port: url.port, path: url.pathname, method: "POST", headers: { "content-type": "application/json" } });
    const timer = setTimeout(() => (req.destroy(), finish("client timeout")), UPLOAD_TIMEOUT_MS);
    const pump = () => {
      while (!answered && bytesWritten < totalBytes) {
        const piece = CHUNK.subarray(0, Math.min(CHUNK.length, totalBytes - bytesWritten));
        bytesWritten += piece.length;
        if (!req.write(piece)) return void req.once("drain", pump);
      }
      if (!answered) req.end();
    };
    req.on("response", (res) => {
      answered = true;
      status = res.statusCode;
      res.on("data", (d) => (body += d));
      res.on("end", () => (clearTimeout(timer), finish(res.headers.connection === "close" ? "answered, connection: close" : "answered")));
      res.on("error", () => (clearTimeout(timer), finish("answered, then reset")));
    });
    req.on("error", (error) => {
      if (answered) return;
      clearTimeout(timer);
      finish(`error before an answer: ${error.code ?? error.message}`);
    });
    pump();
  });
}

await runBench(async (onCleanup) => {
  ensureBuild();
  const db = await freshDatabase("body_limit");
  onCleanup(() => db.drop());
  const app = await startApp(appEnv(db.url));
  onCleanup(() => app.stop());

  // Warm the route, then the baseline: a 10 KB chunked request (refused for its content, not its size).
  await chunkedUpload(app.url, SMALL_BYTES);
  const idle = memoryOf(app.pid);
  const small = await chunkedUpload(app.url, SMALL_BYTES);
  const afterSmall = memoryOf(app.pid);
  const big = await chunkedUpload(app.url, BIG_BYTES);
  const afterBig = memoryOf(app.pid);
  // The server still answers afterwards.
  const again = await chunkedUpload(app.url, SMALL_BYTES);

  const mib = (b) => +(b / 2 ** 20).toFixed(2);
  const results = {
    small: { ...small, body: small.body.slice(0, 200), peakBeforeMiB: idle.peakMiB, peakAfterMiB: afterSmall.peakMiB },
    big: { ...big, body: big.body.slice(0, 200), offeredMiB: mib(BIG_BYTES), writtenMiB: mib(big.bytesWritten), peakBeforeMiB: afterSmall.peakMiB, peakAfterMiB: afterBig.peakMiB, rssAfterMiB: afterBig.rssMiB },
    afterwards: { status: again.status },
    serverPids: afterBig.pids,
  };
  const acceptance = { status413: big.status === 413, peakGrowthMiB: +(afterBig.peakMiB - afterSmall.peakMiB).toFixed(1), writtenMiB: mib(big.bytesWritten) };
  const md = [
    "### Streamed body limit (`npm run bench:body-limit`, chunked uploads with no Content-Length to POST /api/v1/payments/webhook)",
    "",
    "| request | answer | client wrote before the answer | time | server peak RSS before → after |",
    "| --- | --- | --- | --- | --- |",
    `| baseline: 10 KB | ${small.status} (${small.how}) | ${mib(small.bytesWritten)} MiB | ${small.ms} ms | ${idle.peakMiB} → ${afterSmall.peakMiB} MiB |`,
    `| 300 MB | ${big.status} (${big.how}) | ${mib(big.bytesWritten)} MiB | ${big.ms} ms | ${afterSmall.peakMiB} → ${afterBig.peakMiB} MiB |`,
    "",
    `Peak RSS growth from the 300 MB upload: **${acceptance.peakGrowthMiB} MiB**; the next request after it answered ${again.status}.`,
    "",
  ].join("\n");
  console.log(`\n${md}`);
  writeResult("body-limit", { results, acceptance }, md);
});
