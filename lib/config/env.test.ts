import { describe, expect, it } from "vitest";
import { ConfigError, parseEnv } from "./env";

describe("parseEnv", () => {
  it("gives safe dev defaults", () => {
    const env = parseEnv({ NODE_ENV: "development" });
    expect(env.CASHFREE_ENV).toBe("emulator");
    expect(env.DATABASE_URL).toBeUndefined();
    expect(env.AUTH_SECRET.length).toBeGreaterThanOrEqual(32);
    expect(env.CASHFREE_WEBHOOK_TOLERANCE_MS).toBe(300_000);
  });

  it.each(["AUTH_SECRET", "SUPPLIER_GSTIN", "SUPPLIER_LEGAL_NAME", "DATABASE_URL", "SMTP_URL", "MAIL_FROM"])("production refuses to start without %s", (name) => {
    const full: Record<string, string> = {
      NODE_ENV: "production",
      DATABASE_URL: "postgres://khata@db.internal:5432/khata",
      AUTH_SECRET: "x".repeat(40),
      SUPPLIER_LEGAL_NAME: "A",
      SUPPLIER_ADDRESS: "B",
      SUPPLIER_STATE_CODE: "29",
      SUPPLIER_GSTIN: "29AAGCB7383J1Z4",
      SMTP_URL: "smtps://khata:pw@smtp.example.com:465",
      MAIL_FROM: "Khata <billing@khata.example>",
    };
    expect(parseEnv(full).SMTP_URL).toBe("smtps://khata:pw@smtp.example.com:465");
    delete full[name];
    expect(() => parseEnv(full)).toThrow(ConfigError);
    expect(() => parseEnv(full)).toThrow(new RegExp(name));
  });

  it("production with real Cashfree needs its keys, named", () => {
    const base = {
      NODE_ENV: "production",
      DATABASE_URL: "postgres://khata@db.internal:5432/khata",
      AUTH_SECRET: "x".repeat(40),
      SUPPLIER_LEGAL_NAME: "A",
      SUPPLIER_ADDRESS: "B",
      SUPPLIER_STATE_CODE: "29",
      SUPPLIER_GSTIN: "29AAGCB7383J1Z4",
      SMTP_URL: "smtp://smtp.example.com:587",
      MAIL_FROM: "billing@khata.example",
      CASHFREE_ENV: "production",
    };
    expect(() => parseEnv(base)).toThrow(/CASHFREE_CLIENT_ID, CASHFREE_CLIENT_SECRET, CASHFREE_PAYOUT_CLIENT_ID, CASHFREE_PAYOUT_CLIENT_SECRET/);
    // Payouts has its own key pair (Cashfree's authentication page): the payment keys alone are not enough.
    expect(() => parseEnv({ ...base, CASHFREE_CLIENT_ID: "id", CASHFREE_CLIENT_SECRET: "s" })).toThrow(/CASHFREE_PAYOUT_CLIENT_ID, CASHFREE_PAYOUT_CLIENT_SECRET/);
    const env = parseEnv({ ...base, CASHFREE_CLIENT_ID: "id", CASHFREE_CLIENT_SECRET: "s", CASHFREE_PAYOUT_CLIENT_ID: "pid", CASHFREE_PAYOUT_CLIENT_SECRET: "ps" });
    expect(env).toMatchObject({ CASHFREE_CLIENT_SECRET: "s", CASHFREE_PAYOUT_CLIENT_ID: "pid", CASHFREE_PAYOUT_CLIENT_SECRET: "ps" });
  });

  it("payouts: the emulator's payout keys in development; the second-approval limit is paise", () => {
    const dev = parseEnv({ NODE_ENV: "development" });
    expect(dev.CASHFREE_PAYOUT_CLIENT_ID).toBe("emulator_payout_client_id");
    expect(dev.CASHFREE_PAYOUT_CLIENT_SECRET).not.toBe(dev.CASHFREE_CLIENT_SECRET);
    expect(dev.PAYOUT_SECOND_APPROVAL_ABOVE_PAISE).toBe(1_000_000);
    expect(parseEnv({ PAYOUT_SECOND_APPROVAL_ABOVE_PAISE: "50000" }).PAYOUT_SECOND_APPROVAL_ABOVE_PAISE).toBe(50_000);
    expect(() => parseEnv({ PAYOUT_SECOND_APPROVAL_ABOVE_PAISE: "1.5" })).toThrow(/PAYOUT_SECOND_APPROVAL_ABOVE_PAISE/);
  });

  it("mail: dev defaults point at the local sink; the dev mailbox is off unless DEV_MAILBOX is set", () => {
    const dev = parseEnv({ NODE_ENV: "development" });
    expect(dev.SMTP_URL).toMatch(/^smtp:\/\/127\.0\.0\.1:\d+$/);
    expect(dev.MAIL_FROM).toContain("@");
    expect(dev.DEV_MAILBOX).toBe(false);
    expect(parseEnv({ NODE_ENV: "development", DEV_MAILBOX: "1" }).DEV_MAILBOX).toBe(true);
    expect(() => parseEnv({ DEV_MAILBOX: "yes" })).toThrow(/DEV_MAILBOX/);
  });

  it("credit notes: prefix KC by default, 1–4 capitals, never the invoices' prefix", () => {
    expect(parseEnv({ NODE_ENV: "development" })).toMatchObject({ INVOICE_PREFIX: "KH", CREDIT_NOTE_PREFIX: "KC" });
    expect(parseEnv({ CREDIT_NOTE_PREFIX: "CN" }).CREDIT_NOTE_PREFIX).toBe("CN");
    expect(() => parseEnv({ CREDIT_NOTE_PREFIX: "kc-1" })).toThrow(/CREDIT_NOTE_PREFIX/);
    expect(() => parseEnv({ CREDIT_NOTE_PREFIX: "KH" })).toThrow(/CREDIT_NOTE_PREFIX must differ from INVOICE_PREFIX/);
  });

  it("rejects malformed values with the variable's name", () => {
    expect(() => parseEnv({ APP_URL: "not a url" })).toThrow(/APP_URL/);
    expect(() => parseEnv({ CASHFREE_ENV: "live" })).toThrow(/CASHFREE_ENV/);
    expect(() => parseEnv({ CASHFREE_WEBHOOK_TOLERANCE_MS: "-1" })).toThrow(/CASHFREE_WEBHOOK_TOLERANCE_MS/);
  });

  it("jobs run in-process by default outside production only; JOBS_CONCURRENCY is 1–100", () => {
    const prod = { NODE_ENV: "production", DATABASE_URL: "postgres://khata@db.internal/khata", SMTP_URL: "smtp://mail.internal:587", MAIL_FROM: "Khata <billing@khata.example>", AUTH_SECRET: "x".repeat(40), SUPPLIER_LEGAL_NAME: "A", SUPPLIER_ADDRESS: "B", SUPPLIER_STATE_CODE: "29", SUPPLIER_GSTIN: "29AAGCB7383J1Z4" };
    expect(parseEnv({ NODE_ENV: "development" })).toMatchObject({ JOBS_IN_PROCESS: true, JOBS_CONCURRENCY: 5 });
    expect(parseEnv(prod).JOBS_IN_PROCESS).toBe(false);
    expect(parseEnv({ ...prod, JOBS_IN_PROCESS: "1" }).JOBS_IN_PROCESS).toBe(true);
    expect(parseEnv({ NODE_ENV: "development", JOBS_IN_PROCESS: "0", JOBS_CONCURRENCY: "2" })).toMatchObject({ JOBS_IN_PROCESS: false, JOBS_CONCURRENCY: 2 });
    expect(() => parseEnv({ JOBS_IN_PROCESS: "yes" })).toThrow(/JOBS_IN_PROCESS/);
    expect(() => parseEnv({ JOBS_CONCURRENCY: "0" })).toThrow(/JOBS_CONCURRENCY/);
  });

  it("JOBS_SKIP_TASKS: comma-separated job names, none by default; an unknown name is refused", () => {
    expect(parseEnv({ NODE_ENV: "development" }).JOBS_SKIP_TASKS).toEqual([]);
    expect(parseEnv({ JOBS_SKIP_TASKS: " render-invoice-pdfs, render-invoice-pdf ," }).JOBS_SKIP_TASKS).toEqual(["render-invoice-pdfs", "render-invoice-pdf"]);
    expect(() => parseEnv({ JOBS_SKIP_TASKS: "render-invoice-pdfs,render-everything" })).toThrow(/JOBS_SKIP_TASKS/);
  });

  it("abuse limits: TRUSTED_PROXY_COUNT 0–10, hash concurrency/queue, IP_RATE_LIMITS as scope=limit/window", () => {
    expect(parseEnv({})).toMatchObject({ TRUSTED_PROXY_COUNT: 0, PASSWORD_HASH_CONCURRENCY: 0, IP_RATE_LIMITS: {} });
    expect(parseEnv({}).PASSWORD_HASH_QUEUE).toBeUndefined();
    expect(parseEnv({ TRUSTED_PROXY_COUNT: "1", PASSWORD_HASH_CONCURRENCY: "2", PASSWORD_HASH_QUEUE: "0" })).toMatchObject({
      TRUSTED_PROXY_COUNT: 1,
      PASSWORD_HASH_CONCURRENCY: 2,
      PASSWORD_HASH_QUEUE: 0,
    });
    expect(parseEnv({ IP_RATE_LIMITS: "sign-in=20/60, sign-up=5/600" }).IP_RATE_LIMITS).toEqual({
      "sign-in": { limit: 20, windowSeconds: 60 },
      "sign-up": { limit: 5, windowSeconds: 600 },
    });
    expect(() => parseEnv({ TRUSTED_PROXY_COUNT: "11" })).toThrow(/TRUSTED_PROXY_COUNT/);
    expect(() => parseEnv({ PASSWORD_HASH_QUEUE: "-1" })).toThrow(/PASSWORD_HASH_QUEUE/);
    for (const bad of ["sign-in=20", "sign-in=0/60", "sign-in=x/60"]) expect(() => parseEnv({ IP_RATE_LIMITS: bad })).toThrow(/IP_RATE_LIMITS/);
  });

  it("TRUSTED_ORIGINS: comma-separated bare origins; a path, a non-http scheme or garbage is refused by name", () => {
    expect(parseEnv({}).TRUSTED_ORIGINS).toEqual([]);
    expect(parseEnv({ TRUSTED_ORIGINS: " https://a.example , http://localhost:3000,https://b.example/ " }).TRUSTED_ORIGINS).toEqual([
      "https://a.example",
      "http://localhost:3000",
      "https://b.example",
    ]);
    for (const bad of ["https://a.example/app", "ftp://a.example", "not a url", "https://a.example?x=1", "https://user@a.example"]) {
      expect(() => parseEnv({ TRUSTED_ORIGINS: bad }), bad).toThrow(/TRUSTED_ORIGINS/);
    }
  });

  it("database pool settings are validated positive integers with defaults", () => {
    expect(parseEnv({})).toMatchObject({ DATABASE_POOL_MAX: 10, DATABASE_CONNECT_TIMEOUT_MS: 5000, DATABASE_IDLE_TIMEOUT_MS: 30000 });
    expect(parseEnv({ DATABASE_POOL_MAX: "25", DATABASE_IDLE_TIMEOUT_MS: "1000" })).toMatchObject({ DATABASE_POOL_MAX: 25, DATABASE_IDLE_TIMEOUT_MS: 1000 });
    for (const name of ["DATABASE_POOL_MAX", "DATABASE_CONNECT_TIMEOUT_MS", "DATABASE_IDLE_TIMEOUT_MS"]) {
      for (const bad of ["0", "-1", "1.5", "ten"]) expect(() => parseEnv({ [name]: bad }), `${name}=${bad}`).toThrow(new RegExp(name));
    }
  });
});
