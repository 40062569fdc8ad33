// Open-loop load at a fixed arrival rate, for the "p99 at a fixed N req/s" figures.
//
// Request i is due at t0 + i/rate and is sent then (or as soon as the generator gets to it); its latency counts
// from when it was due, so a stalled server, a full connection pool or a stalled generator all show in the tail
// (no coordinated omission). autocannon's `overallRate` is not that: each connection gets rate/connections requests
// a second and sends them back to back when its one-second interval restarts, so 200 req/s over 16 connections is
// a burst of 200 requests with 16 in flight at the start of every second and nothing for the rest of it; and its
// coordinated-omission correction (`recordValueWithExpectedInterval(latency, Math.ceil(1 / rate))`) takes the
// per-connection rate in req/s for an interval in ms, so every response slower than 1 ms is recorded once per
// millisecond it took. Both inflate the p99 (docs/BENCHMARKS.md, "A fixed rate that was not fixed").
import http from "node:http";
import { performance } from "node:perf_hooks";
import { percentiles } from "./percentiles.mjs";

/**
 * `nextRequest()` → {path, headers, body, method} per request. Sends `rate` req/s for `warmupSeconds` (not recorded:
 * connections open, the server's caches warm) then for `durationSeconds`, recorded, through one keep-alive agent of
 * up to `maxSockets` connections (requests beyond that wait in the agent, and the wait counts).
 */
export async function pacedLoad({ url, method = "POST", nextRequest, rate, durationSeconds, warmupSeconds = 1, maxSockets = 64, timeoutMs = 10_000, keepSamples = false }) {
  const target = new URL(url);
  const agent = new http.Agent({ keepAlive: true, maxSockets });
  const intervalMs = 1000 / rate;
  const warmup = Math.round(rate * warmupSeconds);
  const total = warmup + Math.round(rate * durationSeconds);
  const latencies = []; // ms from due to the response's last byte, recorded requests only
  const services = []; // ms from the write to the last byte
  const sendLags = []; // ms the generator sent after the due time
  const samples = []; // keepSamples: [ms from the first recorded due time, latency, server-side share] per 2xx
  const statuses = {};
  let errors = 0;
  let timeouts = 0;
  let non2xx = 0;
  let inFlight = 0;
  let maxInFlight = 0;
  let lastDoneAt = 0;
  const t0 = performance.now() + 10;
  const firstRecordedDue = t0 + warmup * intervalMs;
  let sent = 0;
  let settled = 0;
  let finish;
  const finished = new Promise((resolve) => (finish = resolve));

  const settle = () => {
    inFlight--;
    if (++settled === total) finish();
  };

  const send = (i, dueAt) => {
    const recorded = i >= warmup;
    const next = nextRequest();
    const body = next.body == null ? null : Buffer.from(next.body);
    const headers = { ...(next.headers ?? {}), ...(body ? { "content-length": String(body.length) } : {}) };
    const sentAt = performance.now();
    if (recorded) sendLags.push(sentAt - dueAt);
    inFlight++;
    if (inFlight > maxInFlight) maxInFlight = inFlight;
    // Exactly one outcome per request, whichever of end / error / close comes first.
    let outcome = null;
    const conclude = (kind, statusCode) => {
      if (outcome) return;
      outcome = kind;
      const doneAt = performance.now();
      if (recorded) {
        if (kind === "response") {
          statuses[statusCode] = (statuses[statusCode] ?? 0) + 1;
          if (statusCode >= 200 && statusCode < 300) {
            latencies.push(doneAt - dueAt);
            services.push(doneAt - sentAt);
            if (keepSamples) samples.push([+(dueAt - firstRecordedDue).toFixed(2), +(doneAt - dueAt).toFixed(2), +(doneAt - sentAt).toFixed(2)]);
            lastDoneAt = doneAt;
          } else non2xx++;
        } else if (kind === "timeout") timeouts++;
        else errors++;
      }
      settle();
    };
    const req = http.request({ agent, host: target.hostname, port: target.port, method: next.method ?? method, path: next.path, headers }, (res) => {
      res.resume();
      res.on("end", () => conclude("response", res.statusCode));
      res.on("error", () => conclude("error"));
      res.on("close", () => conclude("error"));
    });
    req.setTimeout(timeoutMs, () => {
      conclude("timeout");
      req.destroy();
    });
    req.on("error", () => conclude("error"));
    req.on("close", () => conclude("error"));
    req.end(body ?? undefined);
  };

  const pump = () => {
    const now = performance.now();
    while (sent < total && t0 + sent * intervalMs <= now) {
      send(sent, t0 + sent * intervalMs);
      sent++;
    }
    if (sent < total) setTimeout(pump, Math.max(0, t0 + sent * intervalMs - performance.now()));
  };
  setTimeout(pump, 10);
  // Bounded in time whatever the server does: every request has concluded by its due time + timeoutMs.
  const deadline = setTimeout(finish, 10 + (total / rate) * 1000 + timeoutMs + 1000);
  await finished;
  clearTimeout(deadline);
  const unfinished = total - settled;
  agent.destroy();

  const lag = percentiles(sendLags);
  return {
    ...summarize({ latencies, services, statuses, errors, timeouts: timeouts + unfinished, non2xx, spanSeconds: (lastDoneAt - firstRecordedDue) / 1000 }),
    sent: total, // warm-up included: what a CPU meter around the call saw
    durationSeconds,
    overallRate: rate,
    maxSockets,
    maxInFlight,
    sendLagP99: lag.p99,
    sendLagMax: lag.max,
    startedAt: performance.timeOrigin + firstRecordedDue,
    ...(keepSamples ? { samples } : {}),
  };
}

/** The figures of one paced run (or of several, concatenated), in `load()`'s result shape. */
function summarize({ latencies, services, statuses, errors, timeouts, non2xx, spanSeconds }) {
  const p = latencies.length ? percentiles(latencies) : {};
  const s = services.length ? percentiles(services) : {};
  return {
    requests: latencies.length,
    throughput: spanSeconds > 0 ? latencies.length / spanSeconds : 0,
    p50: p.p50 ?? null,
    p90: p.p90 ?? null,
    p99: p.p99 ?? null,
    p999: p.p999 ?? null,
    max: p.max ?? null,
    mean: p.mean ?? null,
    errors,
    timeouts,
    non2xx,
    statuses,
    generator: "paced",
    serviceP50: s.p50 ?? null,
    serviceP99: s.p99 ?? null,
  };
}

/**
 * The same fixed total `rate` split evenly over several app processes (one paced generator each, run together),
 * as a load balancer in front of them would; percentiles are over every request of every process.
 */
export async function pacedLoadSplit({ urls, rate, ...rest }) {
  const parts = await Promise.all(urls.map((url) => pacedLoad({ ...rest, url, rate: rate / urls.length, keepSamples: true })));
  const sum = (k) => parts.reduce((a, r) => a + r[k], 0);
  const statuses = {};
  for (const r of parts) for (const [code, n] of Object.entries(r.statuses)) statuses[code] = (statuses[code] ?? 0) + n;
  return {
    ...summarize({ latencies: parts.flatMap((r) => r.samples.map((x) => x[1])), services: parts.flatMap((r) => r.samples.map((x) => x[2])), statuses, errors: sum("errors"), timeouts: sum("timeouts"), non2xx: sum("non2xx"), spanSeconds: 0 }),
    throughput: sum("throughput"),
    sent: sum("sent"),
    durationSeconds: rest.durationSeconds,
    overallRate: rate,
    processes: urls.length,
    maxInFlight: Math.max(...parts.map((r) => r.maxInFlight)),
    sendLagP99: Math.max(...parts.map((r) => r.sendLagP99)),
    perProcessP99: parts.map((r) => r.p99),
  };
}
