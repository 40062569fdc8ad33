import { z } from "zod";
import { JOB_NAMES, type JobName } from "@/lib/jobs/job-names";
import { SESSION_RATE_LIMIT_PER_MINUTE } from "./plans";

/**
 * Every environment variable Khata reads is declared here, and only here. Dev defaults exist where they are
 * safe; in production a missing secret stops the start with a message naming the variable.
 */
const DEV_AUTH_SECRET = "dev-only-auth-secret-change-me-0123456789abcdef";
const DEV_CASHFREE_CLIENT_ID = "emulator_client_id";
const DEV_CASHFREE_CLIENT_SECRET = "emulator_client_secret";
const DEV_CASHFREE_PAYOUT_CLIENT_ID = "emulator_payout_client_id";
const DEV_CASHFREE_PAYOUT_CLIENT_SECRET = "emulator_payout_client_secret";

const optionalString = z
  .string()
  .trim()
  .optional()
  .transform((v) => (v ? v : undefined));

const intFromEnv = (fallback: number) =>
  z
    .string()
    .optional()
    .transform((v, ctx) => {
      if (v === undefined || v === "") return fallback;
      const n = Number(v);
      if (!Number.isInteger(n) || n < 0) {
        ctx.addIssue({ code: "custom", message: "must be a non-negative integer" });
        return z.NEVER;
      }
      return n;
    });

/** Whole numbers from 1 up: pool sizes and timeouts, where 0 would mean "none" and is a misconfiguration. */
const positiveIntFromEnv = (fallback: number) =>
  intFromEnv(fallback).refine((n) => n >= 1, { message: "must be a positive integer" });

/** Comma-separated origins (`https://app.example.com`), each a bare scheme://host[:port] with no path. */
const originListFromEnv = z
  .string()
  .optional()
  .transform((v, ctx) => {
    const items = (v ?? "").split(",").map((s) => s.trim()).filter(Boolean);
    const origins: string[] = [];
    for (const item of items) {
      let url: URL;
      try {
        url = new URL(item);
      } catch {
        ctx.addIssue({ code: "custom", message: `"${item}" is not a URL` });
        continue;
      }
      if ((url.protocol !== "https:" && url.protocol !== "http:") || url.origin !== item.replace(/\/$/, "")) {
        ctx.addIssue({ code: "custom", message: `"${item}" must be an origin (http(s)://host[:port]) with no path, query or credentials` });
        continue;
      }
      origins.push(url.origin);
    }
    return origins;
  });

const boolFromEnv = (fallback: boolean) =>
  z
    .enum(["1", "0", "true", "false", ""])
    .optional()
    .transform((v) => (v === undefined || v === "" ? fallback : v === "1" || v === "true"));

/** Per-IP budget overrides, `scope=limit/windowSeconds` comma-separated, e.g. `sign-in=20/60,sign-up=5/600`. */
const ipRateLimitsFromEnv = z
  .string()
  .optional()
  .transform((v, ctx) => {
    const out: Record<string, { limit: number; windowSeconds: number }> = {};
    for (const item of (v ?? "").split(",").map((s) => s.trim()).filter(Boolean)) {
      const m = /^([a-z-]+)=(\d+)\/(\d+)$/.exec(item);
      if (!m || Number(m[2]) < 1 || Number(m[3]) < 1) {
        ctx.addIssue({ code: "custom", message: `"${item}" must look like scope=limit/windowSeconds (both at least 1)` });
        continue;
      }
      out[m[1]!] = { limit: Number(m[2]), windowSeconds: Number(m[3]) };
    }
    return out;
  });

export const envSchema = z.object({
  NODE_ENV: z.enum(["development", "test", "production"]).default("development"),
  /** postgres://… of the database; required in production. Unset in development: the embedded PostgreSQL of `npm run dev`. */
  DATABASE_URL: optionalString,
  /** Connections per process in the Postgres pool. */
  DATABASE_POOL_MAX: positiveIntFromEnv(10),
  /** Give up opening a Postgres connection after this long. */
  DATABASE_CONNECT_TIMEOUT_MS: positiveIntFromEnv(5_000),
  /** Close a pooled Postgres connection idle for this long. */
  DATABASE_IDLE_TIMEOUT_MS: positiveIntFromEnv(30_000),
  /** Data folder of the embedded PostgreSQL (development and tests only, never production). */
  EMBEDDED_PG_DIR: z.string().default(".data/postgres"),
  /** Port of the embedded PostgreSQL; unset picks a free one. */
  EMBEDDED_PG_PORT: intFromEnv(0),
  /** Public origin of the app, used for CSRF origin checks and Cashfree return/notify URLs. */
  APP_URL: z.string().url().default("http://localhost:3000"),
  /** Further origins allowed to make cookie-authenticated writes (comma-separated), e.g. a second public hostname. */
  TRUSTED_ORIGINS: originListFromEnv,
  /** Signs session JWTs and encrypts stored webhook secrets. */
  AUTH_SECRET: optionalString,
  AUTH_GITHUB_ID: optionalString,
  AUTH_GITHUB_SECRET: optionalString,
  /** GitHub Enterprise Server base URL (e.g. https://github.example.com); unset means github.com. */
  AUTH_GITHUB_ENTERPRISE_URL: z.string().url().optional().or(z.literal("").transform(() => undefined)),
  AUTH_GOOGLE_ID: optionalString,
  AUTH_GOOGLE_SECRET: optionalString,
  /** Seconds a signed-in session lives. Roles are re-read from the database on every request regardless. */
  SESSION_MAX_AGE_SECONDS: intFromEnv(60 * 60 * 24 * 7),
  CASHFREE_ENV: z.enum(["emulator", "sandbox", "production"]).default("emulator"),
  CASHFREE_CLIENT_ID: optionalString,
  CASHFREE_CLIENT_SECRET: optionalString,
  CASHFREE_EMULATOR_URL: z.string().url().default("http://127.0.0.1:4010"),
  /** Cashfree Payouts has its own credentials (Cashfree's authentication page: one key pair per product). */
  CASHFREE_PAYOUT_CLIENT_ID: optionalString,
  CASHFREE_PAYOUT_CLIENT_SECRET: optionalString,
  /** Payouts above this many paise need a second, different operator's approval (maker ≠ checker). */
  PAYOUT_SECOND_APPROVAL_ABOVE_PAISE: intFromEnv(10_000_00),
  /** Replay window for Cashfree webhook timestamps, both directions. */
  CASHFREE_WEBHOOK_TOLERANCE_MS: intFromEnv(5 * 60 * 1000),
  /** Supplier details printed on every tax invoice (CGST Rule 46). */
  SUPPLIER_LEGAL_NAME: optionalString,
  SUPPLIER_ADDRESS: optionalString,
  SUPPLIER_STATE_CODE: optionalString,
  SUPPLIER_GSTIN: optionalString,
  INVOICE_PREFIX: z.string().regex(/^[A-Z]{1,4}$/).default("KH"),
  /**
   * e-invoicing (lib/e-invoice): the IRP client ("off", or "local": the in-process stand-in, tests and development
   * only; no IRP is reachable from here), and the supplier's aggregate turnover of the previous financial year in
   * rupees, which must exceed the threshold (₹5 crore since 1 August 2023, Notification 10/2023–Central Tax).
   */
  EINVOICE_IRP: z.enum(["off", "local"]).default("off"),
  SUPPLIER_AGGREGATE_TURNOVER_RUPEES: intFromEnv(0),
  EINVOICE_TURNOVER_THRESHOLD_RUPEES: intFromEnv(5_00_00_000),
  /** What a credit top-up supplies, as the invoice line says it (the credit count follows in brackets). */
  PREPAID_CREDITS_DESCRIPTION: z.string().trim().min(3).max(120).default("API access services — prepaid usage credits"),
  /** Credit notes (CGST s.34) have their own series: `KC-2627-000001`. */
  CREDIT_NOTE_PREFIX: z.string().regex(/^[A-Z]{1,4}$/).default("KC"),
  /** Offline payment receipts: `RCPT/1/26-27`. The suffix defaults to `/YY-YY` of the receipt's financial year. */
  RCPT_PREFIX: z.string().regex(/^[A-Z0-9/-]{0,6}$/).default("RCPT/"),
  RCPT_SUFFIX: z.string().regex(/^[A-Z0-9/-]{0,6}$/).optional(),
  /** Allows outbound webhooks to 127.0.0.1 (tests and local development only). */
  OUTBOUND_WEBHOOKS_ALLOW_LOOPBACK: boolFromEnv(false),
  /** Enables POST /api/bench/empty, the benchmarks' same-build ceiling. */
  BENCH_ROUTES: boolFromEnv(false),
  /**
   * Run background jobs (webhook delivery, purges) inside each `next start`/`next dev` process. Unset: on in
   * development and test, off in production, where `npm run worker` processes run them (docs/JOBS.md).
   */
  JOBS_IN_PROCESS: z.enum(["1", "0", "true", "false", ""]).optional(),
  /** Jobs one runner (in-process or `npm run worker`) works on at once. */
  JOBS_CONCURRENCY: intFromEnv(5).refine((n) => n >= 1 && n <= 100, "must be between 1 and 100"),
  /**
   * Tasks this runner leaves to others, comma-separated job names (docs/JOBS.md, "Worker roles"): e.g.
   * settlement workers with `render-invoice-pdfs,render-invoice-pdf`, so PDF renders (~140 ms of CPU each) run
   * on worker processes of their own. graphile-worker fetches only jobs of the tasks a runner knows.
   */
  JOBS_SKIP_TASKS: z
    .string()
    .optional()
    .transform((v) => (v ?? "").split(",").map((t) => t.trim()).filter(Boolean))
    .pipe(z.array(z.enum(JOB_NAMES as unknown as [JobName, ...JobName[]], { message: `must be job names (${JOB_NAMES.length} known, lib/jobs/job-names.ts)` }))),
  /** /operator/jobs shows an alert when this many jobs have failed (used up their attempts). */
  JOBS_FAILED_ALERT_THRESHOLD: intFromEnv(5).refine((n) => n >= 1, "must be at least 1"),
  /** /operator/jobs shows an alert when the oldest recorded, unsettled Cashfree event is older than this. */
  SETTLEMENT_LAG_ALERT_SECONDS: intFromEnv(300).refine((n) => n >= 1, "must be at least 1"),
  /** Webhook events one settlement job claims and settles in one transaction (its own event first). */
  WEBHOOK_SETTLE_BATCH: intFromEnv(50).refine((n) => n >= 1 && n <= 1000, "must be between 1 and 1000"),
  /** smtp://user:pass@host:port (smtps:// for TLS) of the mail relay; required in production. Dev: the local sink of `npm run dev`. */
  SMTP_URL: optionalString,
  /** From header of every mail, e.g. `Khata <billing@khata.example>`; required in production. */
  MAIL_FROM: optionalString,
  /**
   * Serves /dev/mailbox (the local SMTP sink's mails) under NODE_ENV=production too. Only the e2e run sets it,
   * against its own throwaway sink; never set it in a real deployment.
   */
  DEV_MAILBOX: boolFromEnv(false),
  /** Folder where the local SMTP sink stores received mails (development, tests and e2e only). */
  DEV_MAILBOX_DIR: z.string().default(".data/mailbox"),
  /** Unset: `info`, except `silent` under NODE_ENV=test (set it to see a test's logs). */
  LOG_LEVEL: z.enum(["debug", "info", "warn", "error", "silent"]).optional(),
  /** `pretty` (coloured, one readable line per entry) or `json` (one JSON object a line). Unset: pretty in development. */
  LOG_FORMAT: z.enum(["json", "pretty"]).optional(),
  /**
   * Reverse proxies in front of the app that append to X-Forwarded-For (nginx, a load balancer): the client IP is the
   * entry this many places from the right. 0 (the default) ignores X-Forwarded-For: every caller shares one per-IP
   * budget (docs/ABUSE.md). Behind one proxy, set 1.
   */
  TRUSTED_PROXY_COUNT: intFromEnv(0).refine((n) => n <= 10, "must be between 0 and 10"),
  /** Password hashes (scrypt) computed at once by one process; unset: the number of CPUs, at most 4. */
  PASSWORD_HASH_CONCURRENCY: intFromEnv(0).refine((n) => n <= 64, "must be between 1 and 64 (0 or unset: CPUs, at most 4)"),
  /** Password hashes allowed to wait for a free slot; past it a sign-in or sign-up answers 429. Unset: 2 × concurrency. */
  PASSWORD_HASH_QUEUE: z
    .string()
    .optional()
    .refine((v) => !v || /^\d{1,4}$/.test(v), "must be a non-negative integer")
    .transform((v) => (v ? Number(v) : undefined)),
  /** Requests a minute one user's dashboard sessions may make to /api/v1 together (docs/ABUSE.md). */
  SESSION_RATE_LIMIT_PER_MINUTE: intFromEnv(SESSION_RATE_LIMIT_PER_MINUTE).refine((n) => n >= 1, "must be at least 1"),
  /** Per-IP budgets (sign-in, sign-up, password-reset, invalid-api-key, unauthenticated) overriding docs/ABUSE.md's defaults. */
  IP_RATE_LIMITS: ipRateLimitsFromEnv,
  /**
   * Credit adjustments worth more than this (paise; 1 credit = 100 paise) need a second, different operator's approval;
   * at or below it the proposer may apply their own. Unset (the default): every adjustment needs two people.
   */
  ADJUSTMENT_SECOND_APPROVAL_ABOVE_PAISE: z
    .string()
    .optional()
    .refine((v) => !v || /^\d{1,15}$/.test(v), "must be a non-negative integer (paise)")
    .transform((v) => (v ? BigInt(v) : null)),
  /** Folder holding DejaVuSans.ttf and DejaVuSans-Bold.ttf for invoice PDFs, tried before public/fonts. */
  KHATA_PDF_FONT_DIR: optionalString,
});

type RawEnv = z.output<typeof envSchema>;

export type Env = Omit<
  RawEnv,
  | "JOBS_IN_PROCESS"
  | "LOG_LEVEL" | "LOG_FORMAT" | "AUTH_SECRET" | "CASHFREE_CLIENT_ID" | "CASHFREE_CLIENT_SECRET" | "CASHFREE_PAYOUT_CLIENT_ID" | "CASHFREE_PAYOUT_CLIENT_SECRET" | "SUPPLIER_LEGAL_NAME" | "SUPPLIER_ADDRESS" | "SUPPLIER_STATE_CODE" | "SUPPLIER_GSTIN" | "SMTP_URL" | "MAIL_FROM"
> & {
  SMTP_URL: string;
  MAIL_FROM: string;
  AUTH_SECRET: string;
  CASHFREE_CLIENT_ID: string;
  CASHFREE_CLIENT_SECRET: string;
  CASHFREE_PAYOUT_CLIENT_ID: string;
  CASHFREE_PAYOUT_CLIENT_SECRET: string;
  SUPPLIER_LEGAL_NAME: string;
  SUPPLIER_ADDRESS: string;
  SUPPLIER_STATE_CODE: string;
  SUPPLIER_GSTIN: string;
  LOG_LEVEL: NonNullable<RawEnv["LOG_LEVEL"]>;
  LOG_FORMAT: NonNullable<RawEnv["LOG_FORMAT"]>;
  JOBS_IN_PROCESS: boolean;
  isProduction: boolean;
};

export class ConfigError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "ConfigError";
  }
}

// Where `npm run dev` starts its local SMTP sink (scripts/lib/dev-mail-sink.mjs).
const DEV_SMTP_URL = "smtp://127.0.0.1:2525";
const DEV_MAIL_FROM = "Khata <no-reply@khata.localhost>";

const DEV_SUPPLIER = {
  SUPPLIER_LEGAL_NAME: "Khata Technologies Private Limited",
  SUPPLIER_ADDRESS: "4th Floor, 80 Feet Road, Koramangala, Bengaluru 560034, Karnataka",
  SUPPLIER_STATE_CODE: "29",
  SUPPLIER_GSTIN: "29AAGCB7383J1Z4",
} as const;

/** Pure: parse a given environment. Throws ConfigError naming every missing or invalid variable. */
export function parseEnv(source: Record<string, string | undefined>): Env {
  const result = envSchema.safeParse(source);
  if (!result.success) {
    const lines = result.error.issues.map((i) => `  ${i.path.join(".")}: ${i.message}`);
    throw new ConfigError(`Invalid configuration:\n${lines.join("\n")}`);
  }
  const raw = result.data;
  const isProduction = raw.NODE_ENV === "production";
  const missing: string[] = [];
  const need = (name: keyof RawEnv, devDefault: string): string => {
    const value = raw[name];
    if (typeof value === "string" && value) return value;
    if (isProduction) missing.push(name);
    return devDefault;
  };
  if (isProduction && raw.AUTH_SECRET && raw.AUTH_SECRET.length < 32) {
    throw new ConfigError("AUTH_SECRET must be at least 32 characters in production");
  }
  const env: Env = {
    ...raw,
    isProduction,
    LOG_LEVEL: raw.LOG_LEVEL ?? (raw.NODE_ENV === "test" ? "silent" : "info"),
    LOG_FORMAT: raw.LOG_FORMAT ?? (raw.NODE_ENV === "development" ? "pretty" : "json"),
    JOBS_IN_PROCESS: raw.JOBS_IN_PROCESS === undefined || raw.JOBS_IN_PROCESS === "" ? !isProduction : raw.JOBS_IN_PROCESS === "1" || raw.JOBS_IN_PROCESS === "true",
    AUTH_SECRET: need("AUTH_SECRET", DEV_AUTH_SECRET),
    // The emulator's credentials are not secrets; real Cashfree ones always are.
    CASHFREE_CLIENT_ID:
      raw.CASHFREE_ENV === "emulator" ? (raw.CASHFREE_CLIENT_ID ?? DEV_CASHFREE_CLIENT_ID) : need("CASHFREE_CLIENT_ID", ""),
    CASHFREE_CLIENT_SECRET:
      raw.CASHFREE_ENV === "emulator"
        ? (raw.CASHFREE_CLIENT_SECRET ?? DEV_CASHFREE_CLIENT_SECRET)
        : need("CASHFREE_CLIENT_SECRET", ""),
    CASHFREE_PAYOUT_CLIENT_ID:
      raw.CASHFREE_ENV === "emulator" ? (raw.CASHFREE_PAYOUT_CLIENT_ID ?? DEV_CASHFREE_PAYOUT_CLIENT_ID) : need("CASHFREE_PAYOUT_CLIENT_ID", ""),
    CASHFREE_PAYOUT_CLIENT_SECRET:
      raw.CASHFREE_ENV === "emulator"
        ? (raw.CASHFREE_PAYOUT_CLIENT_SECRET ?? DEV_CASHFREE_PAYOUT_CLIENT_SECRET)
        : need("CASHFREE_PAYOUT_CLIENT_SECRET", ""),
    SUPPLIER_LEGAL_NAME: need("SUPPLIER_LEGAL_NAME", DEV_SUPPLIER.SUPPLIER_LEGAL_NAME),
    SUPPLIER_ADDRESS: need("SUPPLIER_ADDRESS", DEV_SUPPLIER.SUPPLIER_ADDRESS),
    SUPPLIER_STATE_CODE: need("SUPPLIER_STATE_CODE", DEV_SUPPLIER.SUPPLIER_STATE_CODE),
    SUPPLIER_GSTIN: need("SUPPLIER_GSTIN", DEV_SUPPLIER.SUPPLIER_GSTIN),
    SMTP_URL: need("SMTP_URL", DEV_SMTP_URL),
    MAIL_FROM: need("MAIL_FROM", DEV_MAIL_FROM),
  };
  // Two series under one prefix would print a credit note and an invoice with the same number.
  if (raw.CREDIT_NOTE_PREFIX === raw.INVOICE_PREFIX) throw new ConfigError("CREDIT_NOTE_PREFIX must differ from INVOICE_PREFIX (credit notes are their own series)");
  if (isProduction && !raw.DATABASE_URL) missing.push("DATABASE_URL");
  if (!isProduction && !raw.CASHFREE_CLIENT_ID && raw.CASHFREE_ENV !== "emulator") {
    missing.push("CASHFREE_CLIENT_ID");
  }
  if (!isProduction && !raw.CASHFREE_CLIENT_SECRET && raw.CASHFREE_ENV !== "emulator") {
    missing.push("CASHFREE_CLIENT_SECRET");
  }
  for (const name of ["CASHFREE_PAYOUT_CLIENT_ID", "CASHFREE_PAYOUT_CLIENT_SECRET"] as const) {
    if (!isProduction && !raw[name] && raw.CASHFREE_ENV !== "emulator") missing.push(name);
  }
  if (missing.length > 0) {
    throw new ConfigError(
      `Missing required environment variable${missing.length > 1 ? "s" : ""}: ${missing.join(", ")}` +
        (isProduction ? " (required when NODE_ENV=production; see README 'Configuration')" : ""),
    );
  }
  return env;
}

/**
 * The non-secret variables the build itself needs (the CSP header is computed in next.config.mjs): parsed with the
 * same schema, but without the production secrets check, which belongs to the server start, not to `next build`.
 */
const buildEnvSchema = envSchema.pick({ NODE_ENV: true, CASHFREE_ENV: true, CASHFREE_EMULATOR_URL: true });
export type BuildEnv = z.output<typeof buildEnvSchema>;

export function parseBuildEnv(source: Record<string, string | undefined>): BuildEnv {
  const result = buildEnvSchema.safeParse(source);
  if (!result.success) {
    throw new ConfigError(`Invalid configuration:\n${result.error.issues.map((i) => `  ${i.path.join(".")}: ${i.message}`).join("\n")}`);
  }
  return result.data;
}

let cached: Env | undefined;

/** The process configuration, validated once. */
export function getEnv(): Env {
  cached ??= parseEnv(process.env);
  return cached;
}

/** Tests only: forget the cached configuration after changing process.env. */
export function resetEnvForTests(): void {
  cached = undefined;
}
