// npm run test:e2e – production build, then one or more stacks (a fresh database, the Cashfree emulator, the fake
//   GitHub, a mail sink and `next start`), then Playwright. With no spec arguments the suite runs as E2E_SHARDS (default
//   2) shards at once, each on its own stack: the specs of one shard share its demo accounts in file order, exactly as
//   one serial run did, and the shards never see each other's data. Spec arguments run on one stack.
//   E2E_SKIP_BUILD=1 reuses .next. Databases live on TEST_DATABASE_URL's server, or on an embedded PostgreSQL
//   started for this run when it is unset.
import { spawn } from "node:child_process";
import { randomBytes } from "node:crypto";
import fs from "node:fs";
import net from "node:net";
import path from "node:path";
import pg from "pg";
import { startDevMailSink } from "./lib/dev-mail-sink.mjs";
import { testServer } from "./lib/embedded-postgres.mjs";

const chromium = process.env.CHROMIUM_PATH || ["/usr/bin/chromium", "/usr/bin/chromium-browser", "/usr/bin/google-chrome"].find((p) => fs.existsSync(p));
if (!chromium) {
  console.error(
    "\nE2E FAILED: no Chromium found. Install Debian's browser with `apt-get install -y chromium` " +
      "(or set CHROMIUM_PATH to a Chromium/Chrome binary). `npx playwright install` cannot download browsers here.\n",
  );
  process.exit(1);
}

// The second shard's specs, chosen so both shards take about as long (~400 s of tests each on the 2-CPU CI machine,
// 2026-12-03; e2e/artifacts/shard-*/results.json has the durations). The audit of every page at two widths is the
// longest single test, so it is split: billing-journeys.spec.ts audits its own pages here, page-audit.spec.ts the rest. Every spec not listed runs in the first shard, so a new
// spec is never left out.
const SECOND_SHARD = [
  "e2e/browser/adjustments.spec.ts",
  "e2e/browser/billing-journeys.spec.ts",
  "e2e/browser/checkout.spec.ts",
  "e2e/browser/disputes.spec.ts",
  "e2e/browser/gstr1.spec.ts",
  "e2e/browser/machine-access.spec.ts",
  "e2e/browser/notifications.spec.ts",
  "e2e/browser/offline-payments.spec.ts",
  "e2e/browser/payment-links.spec.ts",
  "e2e/browser/payouts.spec.ts",
  "e2e/browser/refunds.spec.ts",
];

const freePort = () =>
  new Promise((resolve, reject) => {
    const srv = net.createServer();
    srv.listen(0, "127.0.0.1", () => {
      const { port } = srv.address();
      srv.close(() => resolve(port));
    });
    srv.on("error", reject);
  });

const runId = `${Date.now().toString(36)}${randomBytes(3).toString("hex")}`;
const server = await testServer("e2e");
async function admin(statement) {
  const client = new pg.Client({ connectionString: server.url });
  await client.connect();
  try {
    await client.query(statement);
  } finally {
    await client.end();
  }
}
const authSecret = randomBytes(32).toString("hex");
const children = [];
const stacks = [];

/** One stack's environment: its own ports, database and mailbox. */
async function stackEnv(index) {
  const appPort = Number((index === 0 && process.env.E2E_APP_PORT) || (await freePort()));
  const emulatorPort = Number((index === 0 && process.env.E2E_EMULATOR_PORT) || (await freePort()));
  const fakeGithubPort = await freePort();
  const fakeGithubUrl = `http://127.0.0.1:${fakeGithubPort}`;
  const appUrl = `http://localhost:${appPort}`;
  const emulatorUrl = `http://127.0.0.1:${emulatorPort}`;
  const databaseName = `khata_e2e_${runId}_${index}`;
  await admin(`create database ${databaseName}`);
  // The app's mail goes to this stack's own local sink; DEV_MAILBOX=1 lets the production build show it at
  // /dev/mailbox for the tests (never set in a real deployment).
  const mailSink = await startDevMailSink({ dir: `.data/mailbox-e2e-${runId}-${index}` });
  const databaseUrl = Object.assign(new URL(server.url), { pathname: `/${databaseName}` }).toString();
  stacks.push({ databaseName, mailSink });
  return {
    ...process.env,
    NODE_ENV: "production",
    APP_URL: appUrl,
    AUTH_SECRET: authSecret,
    SUPPLIER_LEGAL_NAME: "Khata Technologies Private Limited",
    SUPPLIER_ADDRESS: "4th Floor, 80 Feet Road, Koramangala, Bengaluru 560034, Karnataka",
    SUPPLIER_STATE_CODE: "29",
    SUPPLIER_GSTIN: "29AAGCB7383J1Z4",
    CASHFREE_ENV: "emulator",
    CASHFREE_EMULATOR_URL: emulatorUrl,
    CASHFREE_EMULATOR_PORT: String(emulatorPort),
    OUTBOUND_WEBHOOKS_ALLOW_LOOPBACK: "1",
    // Outbound webhooks are delivered by a job runner inside `next start` (off by default in production; docs/JOBS.md).
    JOBS_IN_PROCESS: "1",
    // GitHub sign-in against e2e/fake-github (GitHub Enterprise Server's URL layout), so the OAuth round trip runs offline.
    AUTH_GITHUB_ID: "e2e-github-client",
    AUTH_GITHUB_SECRET: "e2e-github-secret",
    AUTH_GITHUB_ENTERPRISE_URL: fakeGithubUrl,
    FAKE_GITHUB_PORT: String(fakeGithubPort),
    E2E_FAKE_GITHUB_URL: fakeGithubUrl,
    SMTP_URL: mailSink.url,
    MAIL_FROM: "Khata <no-reply@khata.localhost>",
    DEV_MAILBOX: "1",
    DEV_MAILBOX_DIR: mailSink.dir,
    LOG_LEVEL: process.env.LOG_LEVEL ?? "warn",
    // Every e2e caller comes from one address with no trusted proxy (the shared "direct" budget): sign-ups and
    // sign-ins of the whole suite must fit in it. e2e/api/abuse.spec.ts checks the default invalid-api-key budget.
    IP_RATE_LIMITS: "sign-in=500/60,sign-up=500/600,password-reset=500/600,unauthenticated=100000/60",
    // The demo identities' sessions are shared by every spec (the fuzz alone sends thousands of calls a minute).
    SESSION_RATE_LIMIT_PER_MINUTE: "100000",
    DATABASE_URL: databaseUrl,
    E2E_BASE_URL: appUrl,
    E2E_EMULATOR_URL: emulatorUrl,
    CHROMIUM_PATH: chromium,
    E2E_SHARD: String(index + 1),
  };
}

async function cleanup() {
  // Each child leads its own process group (detached), so the real servers behind `npx` stop too.
  for (const c of children) {
    try {
      process.kill(-c.pid, "SIGTERM");
    } catch {}
  }
  for (const { databaseName, mailSink } of stacks) {
    await admin(`drop database if exists ${databaseName} with (force)`).catch(() => {});
    await mailSink.stop();
    fs.rmSync(mailSink.dir, { recursive: true, force: true });
  }
  await server.stop();
}

// Async, so this process keeps draining the embedded server's log pipe (when it started one) while a step runs.
async function step(label, cmd, args, stepEnv) {
  const started = Date.now();
  const status = await new Promise((resolve) => {
    const child = spawn(cmd, args, { stdio: "inherit", env: stepEnv });
    child.on("exit", (code) => resolve(code ?? 1));
    child.on("error", () => resolve(1));
  });
  console.log(`[e2e] ${label}: ${((Date.now() - started) / 1000).toFixed(1)}s (exit ${status})`);
  return status;
}

async function waitFor(url, timeoutMs) {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    try {
      const r = await fetch(url);
      if (r.status < 500) return;
    } catch {}
    await new Promise((r) => setTimeout(r, 250));
  }
  throw new Error(`timed out waiting for ${url}`);
}

async function startStack(env, label) {
  if ((await step(`${label} migrate + seed`, "npx", ["tsx", "scripts/seed.ts"], env)) !== 0) throw new Error("seed failed");
  const spawnDetached = (cmd, args) => {
    const child = spawn(cmd, args, { env, stdio: ["ignore", "inherit", "inherit"], detached: true });
    children.push(child);
  };
  spawnDetached("npx", ["tsx", "emulator/main.ts"]);
  spawnDetached("node", ["e2e/fake-github/server.mjs"]);
  // As `npm start`: idle connections kept 65 s, longer than a client's (or a load balancer's) idle pool, so a
  // reused connection is never closed by the server while a request is on its way (ECONNRESET seen once in e2e).
  spawnDetached("npx", ["next", "start", "-p", new URL(env.APP_URL).port, "--keepAliveTimeout", "65000"]);
  await waitFor(`${env.E2E_EMULATOR_URL}/cashfree.js`, 30_000);
  await waitFor(`${env.E2E_FAKE_GITHUB_URL}/nothing`, 10_000);
  await waitFor(`${env.APP_URL}/sign-in`, 60_000);
}

function allSpecs(dir = "e2e") {
  return fs
    .readdirSync(dir, { withFileTypes: true })
    .flatMap((e) => (e.isDirectory() ? allSpecs(path.join(dir, e.name)) : e.name.endsWith(".spec.ts") ? [path.join(dir, e.name)] : []))
    .sort();
}

let exitCode = 1;
try {
  const extra = process.argv.slice(2);
  const shardCount = extra.length ? 1 : Math.max(1, Number(process.env.E2E_SHARDS ?? 2));
  const envs = [];
  for (let i = 0; i < shardCount; i++) envs.push(await stackEnv(i));
  if (process.env.E2E_SKIP_BUILD !== "1") {
    if ((await step("next build", "npx", ["next", "build"], envs[0])) !== 0) throw new Error("build failed");
  }
  await Promise.all(envs.map((env, i) => startStack(env, `shard ${i + 1}`)));
  const specs = allSpecs();
  const missing = SECOND_SHARD.filter((f) => !specs.includes(f));
  if (missing.length) throw new Error(`SECOND_SHARD names specs that do not exist: ${missing.join(", ")}`);
  const shardArgs =
    shardCount === 1
      ? [extra]
      : [specs.filter((f) => !SECOND_SHARD.includes(f)), SECOND_SHARD].concat(Array.from({ length: shardCount - 2 }, () => []));
  const statuses = await Promise.all(
    envs.map((env, i) => (shardArgs[i].length || shardCount === 1 ? step(`playwright shard ${i + 1}/${shardCount}`, "npx", ["playwright", "test", ...shardArgs[i]], env) : 0)),
  );
  exitCode = statuses.every((s) => s === 0) ? 0 : 1;
} catch (error) {
  console.error(`[e2e] ${error instanceof Error ? error.message : error}`);
  exitCode = 1;
} finally {
  await cleanup();
}
process.exit(exitCode);
