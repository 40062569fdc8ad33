// Shared benchmark plumbing: a fresh Postgres database, `next start` instances of the bench build
// (NEXT_DIST_DIR, default .next-bench, so a concurrent `next build` into .next is never disturbed), autocannon
// load on loopback with latency percentiles, and result files. Every load run is bounded in time.
//
// Benchmarks run under tsx (`npm run bench:<name>`) so they can use the app's own lib/ code (webhook signing,
// key hashing, password hashing, PDF rendering) instead of re-implementing it.
import { spawn, spawnSync } from "node:child_process";
import fs from "node:fs";
import net from "node:net";
import os from "node:os";
import path from "node:path";
import autocannon from "autocannon";
import { sqlClient } from "../../lib/testing/sql-client.ts";
import { createTestDatabase, ensureTemplateDatabase } from "../../lib/testing/test-databases.ts";
import { pacedLoad } from "./paced-load.mjs";
import { percentiles } from "./percentiles.mjs";

export { percentiles };

export const BASE_PG = process.env.BENCH_DATABASE_URL ?? process.env.TEST_DATABASE_URL ?? "postgres://postgres@127.0.0.1:5432/test";
export const CASHFREE_SECRET = "emulator_client_secret";
export const DIST_DIR = process.env.NEXT_DIST_DIR ?? ".next-bench";
/** Seconds per measured load run (each run is bounded; ≤ 15 s). */
export const RUN_SECONDS = Math.min(15, Number(process.env.BENCH_SECONDS ?? 10));
export const WARMUP_SECONDS = Math.min(5, Number(process.env.BENCH_WARMUP_SECONDS ?? 3));

export function freePort() {
  return new Promise((resolve, reject) => {
    const srv = net.createServer();
    srv.listen(0, "127.0.0.1", () => {
      const { port } = srv.address();
      srv.close(() => resolve(port));
    });
    srv.on("error", reject);
  });
}

/**
 * How the app, the workers and the bench's own SQL reach a Postgres on this host: `socket` (the default when the
 * server has a Unix socket here) or `tcp` (loopback, `BENCH_PG_TRANSPORT=tcp`). A Postgres on the same host is
 * deployed behind its Unix socket; over loopback TCP the kernel runs the receiving side's TCP stack inside the
 * sender's write, which costs the app ~0.7 ms of CPU per statement on this machine (docs/BENCHMARKS.md).
 */
export const PG_TRANSPORT = pgTransport();

function pgTransport() {
  const wanted = process.env.BENCH_PG_TRANSPORT ?? "socket";
  if (wanted !== "socket" && wanted !== "tcp") throw new Error(`BENCH_PG_TRANSPORT must be socket or tcp, not ${wanted}`);
  if (wanted === "tcp" || socketDirectory() === null) return { kind: "tcp" };
  return { kind: "socket", directory: socketDirectory() };
}

function socketDirectory() {
  const u = new URL(BASE_PG);
  if (!["127.0.0.1", "localhost", "[::1]"].includes(u.hostname)) return null;
  const r = spawnSync("psql", [BASE_PG, "-Atc", "show unix_socket_directories"], { encoding: "utf8" });
  const port = u.port || "5432";
  const dir = (r.stdout ?? "").split(",").map((d) => d.trim()).find((d) => d && fs.existsSync(path.join(d, `.s.PGSQL.${port}`)));
  return dir ?? null;
}

/** The database URL through the chosen transport (node-postgres and psql read `?host=/dir` as a socket directory). */
export function viaTransport(url) {
  if (PG_TRANSPORT.kind === "tcp") return url;
  const u = new URL(url);
  u.searchParams.set("host", PG_TRANSPORT.directory);
  u.searchParams.set("port", u.port || "5432");
  u.hostname = "localhost";
  u.port = "";
  return u.toString();
}

/** A fresh, migrated Postgres database (cloned from the migrated template); `drop()` removes it. */
export async function freshDatabase(tag) {
  const template = await ensureTemplateDatabase(BASE_PG);
  const database = await createTestDatabase(BASE_PG, template, `bench_${tag}`);
  const url = viaTransport(database.url);
  const sql = sqlClient(url, 4);
  return {
    name: database.name,
    url,
    /** The same database over loopback TCP, whatever PG_TRANSPORT is. */
    tcpUrl: database.url,
    sql,
    async drop() {
      await sql.end();
      await database.drop().catch(() => {});
    },
  };
}

/** Builds into DIST_DIR unless a build is already there (BENCH_REBUILD=1 forces one). */
export function ensureBuild() {
  if (fs.existsSync(path.join(DIST_DIR, "BUILD_ID")) && process.env.BENCH_REBUILD !== "1") return;
  const r = spawnSync(process.execPath, ["node_modules/next/dist/bin/next", "build"], {
    stdio: "inherit",
    env: { ...process.env, NODE_ENV: "production", NEXT_DIST_DIR: DIST_DIR },
  });
  if (r.status !== 0) throw new Error("next build failed");
}

export function appEnv(databaseUrl, extra = {}) {
  const env = {
    ...process.env,
    NODE_ENV: "production",
    NEXT_DIST_DIR: DIST_DIR,
    DATABASE_URL: databaseUrl,
    AUTH_SECRET: "bench-auth-secret-0123456789abcdef0123456789",
    SUPPLIER_LEGAL_NAME: "Khata Technologies Private Limited",
    SUPPLIER_ADDRESS: "Koramangala, Bengaluru 560034, Karnataka",
    SUPPLIER_STATE_CODE: "29",
    SUPPLIER_GSTIN: "29AAGCB7383J1Z4",
    // Nothing listens there: mails are recorded in the emails table and their delivery fails harmlessly.
    SMTP_URL: "smtp://127.0.0.1:9",
    MAIL_FROM: "Khata <no-reply@khata.localhost>",
    CASHFREE_ENV: "emulator",
    CASHFREE_CLIENT_SECRET: CASHFREE_SECRET,
    BENCH_ROUTES: "1",
    JOBS_IN_PROCESS: "0",
    LOG_LEVEL: "error",
    NEXT_TELEMETRY_DISABLED: "1",
    ...extra,
  };
  // tsx's loader must not leak into the app process.
  delete env.NODE_OPTIONS;
  return env;
}

/**
 * Starts `next start` (node directly, so the child is the server process and `--cpu-prof` profiles it) on a
 * free port and waits until it answers. `cpuProfDir` writes a V8 CPU profile there on exit.
 */
export async function startApp(env, { cpuProfDir } = {}) {
  const port = await freePort();
  const nodeArgs = cpuProfDir ? ["--cpu-prof", `--cpu-prof-dir=${cpuProfDir}`] : [];
  const url = `http://127.0.0.1:${port}`;
  const child = spawn(process.execPath, [...nodeArgs, "node_modules/next/dist/bin/next", "start", "-p", String(port), "-H", "127.0.0.1"], {
    env: { ...env, APP_URL: url },
    stdio: ["ignore", "ignore", "inherit"],
  });
  const deadline = Date.now() + 60_000;
  for (;;) {
    if (child.exitCode !== null) throw new Error(`app exited with ${child.exitCode}`);
    try {
      const r = await fetch(`${url}/api/v1/nope`);
      if (r.status === 404) break;
    } catch {}
    if (Date.now() > deadline) throw new Error("app did not start");
    await new Promise((r) => setTimeout(r, 200));
  }
  return {
    url,
    port,
    child,
    pid: child.pid,
    // SIGINT lets Node write the --cpu-prof file.
    stop: () => stopChild(child, cpuProfDir ? "SIGINT" : "SIGTERM"),
  };
}

/** Signals a child and waits for it to exit (SIGKILL after 15 s). */
function stopChild(child, signal) {
  return new Promise((resolve) => {
    if (child.exitCode !== null || child.signalCode !== null) return resolve();
    const timer = setTimeout(() => child.kill("SIGKILL"), 15_000);
    child.once("exit", () => {
      clearTimeout(timer);
      resolve();
    });
    child.kill(signal);
  });
}

/** Starts `npm run worker` (scripts/worker.ts under tsx) on the app's environment: the job runner beside the app. */
export async function startJobWorker(env) {
  const child = spawn(process.execPath, ["node_modules/tsx/dist/cli.mjs", "scripts/worker.ts"], { env, stdio: ["ignore", "ignore", "inherit"] });
  return { child, pid: child.pid, stop: () => stopChild(child, "SIGTERM") };
}

/**
 * Runs autocannon (closed loop: `connections` requests always in flight). `nextRequest()` returns {path, headers,
 * body, method} for each request (so each can differ). Options: connections, durationSeconds (default RUN_SECONDS,
 * capped at 15), amount, overallRate (fixed req/s). A fixed rate runs open loop through `pacedLoad` (evenly spaced
 * arrivals, latency from each request's due time); `generator: "autocannon"` keeps autocannon's own `overallRate`
 * (a burst at the start of every second), only to show the difference (paced-load.mjs says why).
 */
export async function load({ url, method = "POST", path: fixedPath, headers: fixedHeaders, body: fixedBody, nextRequest, connections = 16, durationSeconds, amount, overallRate, generator = "paced" }) {
  if (overallRate && generator === "paced") {
    const next = nextRequest ?? (() => ({ path: fixedPath ?? "/", headers: fixedHeaders ?? {}, body: fixedBody }));
    return pacedLoad({ url, method, nextRequest: next, rate: overallRate, durationSeconds: Math.min(15, durationSeconds ?? RUN_SECONDS) });
  }
  const request = nextRequest
    ? {
        method,
        setupRequest: (req) => {
          const next = nextRequest();
          return { ...req, method: next.method ?? method, path: next.path, headers: { ...req.headers, ...next.headers }, body: next.body };
        },
      }
    : { method, path: fixedPath ?? "/", headers: fixedHeaders ?? {}, ...(fixedBody ? { body: fixedBody } : {}) };
  const duration = Math.min(15, durationSeconds ?? RUN_SECONDS);
  const result = await autocannon({
    url,
    connections,
    ...(amount ? { amount } : { duration }),
    ...(overallRate ? { overallRate } : {}),
    timeout: 10,
    requests: [request],
  });
  const statuses = {};
  for (const [k, v] of Object.entries(result.statusCodeStats ?? {})) statuses[k] = v.count;
  return {
    requests: result.requests.total,
    throughput: result.requests.average,
    p50: result.latency.p50,
    p90: result.latency.p90,
    p99: result.latency.p99,
    p999: result.latency.p99_9,
    max: result.latency.max,
    mean: result.latency.mean,
    errors: result.errors,
    timeouts: result.timeouts,
    non2xx: result.non2xx,
    statuses,
    durationSeconds: result.duration,
    connections,
    ...(overallRate ? { overallRate, generator: "autocannon" } : {}),
  };
}

/** Runs `fn` sequentially for `seconds` (or `count` times) and returns timing percentiles. */
export async function timeLoop(fn, { seconds = 5, count } = {}) {
  const samples = [];
  const end = Date.now() + seconds * 1000;
  while (count ? samples.length < count : Date.now() < end) {
    const t = process.hrtime.bigint();
    await fn(samples.length);
    samples.push(Number(process.hrtime.bigint() - t) / 1e6);
  }
  return percentiles(samples);
}

export const ratio = (a, b) => (b > 0 ? +(a / b).toFixed(3) : null);

export function fmt(r) {
  return `${r.throughput.toFixed(0)} req/s, p50 ${r.p50} ms, p99 ${r.p99} ms, p99.9 ${r.p999} ms (${r.requests} requests, non-2xx ${r.non2xx}, errors ${r.errors})`;
}

/** A markdown table row for a load result. */
export function row(label, r, baseline) {
  const rat = baseline ? `${(100 * ratio(r.throughput, baseline.throughput)).toFixed(0)}%` : "—";
  return `| ${label} | ${r.throughput.toFixed(0)} | ${r.p50} | ${r.p99} | ${r.p999} | ${rat} | ${r.requests} | ${r.non2xx} / ${r.errors} |`;
}
export const TABLE_HEAD = "| run | req/s | p50 ms | p99 ms | p99.9 ms | vs ceiling | requests | non-2xx / errors |\n| --- | --- | --- | --- | --- | --- | --- | --- |";

export function machineFacts() {
  const pg = spawnSync("psql", [BASE_PG, "-Atc", "show server_version"], { encoding: "utf8" });
  return {
    nproc: spawnSync("nproc", { encoding: "utf8" }).stdout?.trim(),
    cpu: os.cpus()[0]?.model,
    memGb: +(os.totalmem() / 2 ** 30).toFixed(1),
    node: process.version,
    postgres: pg.stdout?.trim() || null,
    postgresTransport: PG_TRANSPORT.kind,
    next: JSON.parse(fs.readFileSync("node_modules/next/package.json", "utf8")).version,
    autocannon: JSON.parse(fs.readFileSync("node_modules/autocannon/package.json", "utf8")).version,
  };
}

export function writeResult(name, data, markdown) {
  fs.mkdirSync("bench/out", { recursive: true });
  const file = `bench/out/${name}.json`;
  fs.writeFileSync(file, JSON.stringify({ bench: name, command: `npm run bench:${name}`, at: new Date().toISOString(), machine: machineFacts(), ...data }, null, 2));
  if (markdown) fs.writeFileSync(`bench/out/${name}.md`, markdown);
  return file;
}

/**
 * Signs in through Auth.js's credentials flow (as e2e/fixtures.ts sessionClient does) and returns the Cookie
 * header value for later requests.
 */
export async function sessionCookie(baseUrl, email, password) {
  const jar = new Map();
  const absorb = (res) => {
    for (const c of res.headers.getSetCookie()) {
      const [pair] = c.split(";");
      const i = pair.indexOf("=");
      jar.set(pair.slice(0, i), pair.slice(i + 1));
    }
  };
  const header = () => [...jar].map(([k, v]) => `${k}=${v}`).join("; ");
  const csrfRes = await fetch(`${baseUrl}/api/auth/csrf`);
  absorb(csrfRes);
  const { csrfToken } = await csrfRes.json();
  const res = await fetch(`${baseUrl}/api/auth/callback/credentials`, {
    method: "POST",
    redirect: "manual",
    headers: { "content-type": "application/x-www-form-urlencoded", cookie: header(), origin: baseUrl },
    body: new URLSearchParams({ csrfToken, email, password }).toString(),
  });
  absorb(res);
  const me = await fetch(`${baseUrl}/api/v1/account`, { headers: { cookie: header() } });
  if (me.status !== 200) throw new Error(`sign-in as ${email} failed: ${me.status} ${await me.text()}`);
  return header();
}

/** Runs `main`, always cleaning up; exits non-zero on failure. */
export async function runBench(main) {
  const cleanups = [];
  const onCleanup = (fn) => cleanups.push(fn);
  let code = 0;
  try {
    await main(onCleanup);
  } catch (error) {
    console.error(error);
    code = 1;
  } finally {
    for (const fn of cleanups.reverse()) await fn().catch((e) => console.error("cleanup:", e));
  }
  process.exit(code);
}

/**
 * Samples pg_stat_activity of one database every `everyMs` while load runs: how many backends are active, and
 * on what they wait (e.g. Lock:transactionid = queued behind another transaction's row lock; Client:ClientRead =
 * idle in transaction, waiting for the app's next statement). `stop()` returns the averages per sample.
 */
export function sampleWaits(databaseName, everyMs = 50) {
  const probe = sqlClient(BASE_PG, 1);
  const counts = {};
  let samples = 0;
  let running = true;
  const loop = (async () => {
    while (running) {
      const rows = await probe`
        select coalesce(wait_event_type || ':' || wait_event, 'CPU') as w, state, count(*)::int as n
        from pg_stat_activity where datname = ${databaseName} and pid <> pg_backend_pid() and state <> 'idle'
        group by 1, 2`.catch(() => []);
      samples++;
      for (const r of rows) counts[`${r.state} / ${r.w}`] = (counts[`${r.state} / ${r.w}`] ?? 0) + r.n;
      await new Promise((r) => setTimeout(r, everyMs));
    }
  })();
  return async () => {
    running = false;
    await loop;
    await probe.end();
    return Object.fromEntries(Object.entries(counts).sort((a, b) => b[1] - a[1]).map(([k, v]) => [k, +(v / samples).toFixed(2)]));
  };
}
