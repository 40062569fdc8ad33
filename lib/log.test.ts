import { Writable } from "node:stream";
import { describe, expect, it } from "vitest";
import { generateApiKey } from "@/lib/api-keys/hash-key";
import { parseEnv } from "@/lib/config/env";
import { configuredSecrets, createLogger, type LogSettings } from "@/lib/log";
import { withRequestContext } from "@/lib/log-context";

const CASHFREE_SECRET = "cfsk_ma_test_9f8e7d6c5b4a39281706f5e4d3c2b1a0";
const PASSWORD = "hunter2-Correct-Horse";
const SESSION_JWE = "eyJhbGciOiJkaXIiLCJlbmMiOiJBMjU2Q0JDLUhTNTEyIn0..Zm9vYmFyYmF6.cXV4cXV1eHF1dXhxdXV4.YmFy";
const API_KEY = generateApiKey().key;
const SESSION_COOKIE = `__Secure-authjs.session-token=opaque-session-value-${"x".repeat(24)}`;
const EVERY_SECRET = [CASHFREE_SECRET, PASSWORD, SESSION_JWE, API_KEY, "opaque-session-value"];

function capture(overrides: Partial<LogSettings> = {}) {
  const chunks: string[] = [];
  const destination = new Writable({
    write(chunk: Buffer, _encoding, done) {
      chunks.push(chunk.toString());
      done();
    },
  });
  const logger = createLogger({ level: "debug", format: "json", secrets: [CASHFREE_SECRET], destination, ...overrides });
  const text = () => chunks.join("");
  const lines = () =>
    text()
      .split("\n")
      .filter(Boolean)
      .map((line) => JSON.parse(line) as Record<string, unknown>);
  return { logger, text, lines };
}

function expectNoSecret(text: string) {
  for (const secret of EVERY_SECRET) expect(text).not.toContain(secret);
}

describe("log", () => {
  it("writes one JSON line per entry: level label, ISO time, message, fields", () => {
    const { logger, lines } = capture();
    logger.info("order created", { orderId: "ord_1", amountPaise: 50_000, units: 12n });
    const [line] = lines();
    expect(line).toMatchObject({ level: "info", msg: "order created", orderId: "ord_1", amountPaise: 50_000, units: "12" });
    expect(new Date(line!.time as string).toISOString()).toBe(line!.time);
  });

  it("honours the level: below it nothing is written, silent writes nothing at all", () => {
    const warnOnly = capture({ level: "warn" });
    warnOnly.logger.info("quiet");
    warnOnly.logger.warn("loud");
    expect(warnOnly.lines().map((l) => l.msg)).toEqual(["loud"]);
    const silent = capture({ level: "silent" });
    silent.logger.error("nothing");
    expect(silent.text()).toBe("");
  });

  it("adds the request id to every line inside a request context, however deep, and none outside", async () => {
    const { logger, lines } = capture();
    logger.info("before");
    await withRequestContext({ requestId: "req_abc123" }, async () => {
      logger.info("inside");
      await Promise.resolve();
      await new Promise<void>((resolve) => setImmediate(resolve));
      logger.warn("after awaits", { step: 2 });
    });
    logger.info("after");
    const byMsg = Object.fromEntries(lines().map((l) => [l.msg, l.requestId]));
    expect(byMsg).toEqual({ before: undefined, inside: "req_abc123", "after awaits": "req_abc123", after: undefined });
  });

  it("censors secret-named fields at the top, nested and deep, keeping the rest of the line", () => {
    const { logger, text, lines } = capture();
    logger.warn("cashfree call failed", {
      password: PASSWORD,
      clientSecret: CASHFREE_SECRET,
      apiKey: API_KEY,
      orderId: "ord_42",
      request: { headers: { "x-client-secret": CASHFREE_SECRET, "x-client-id": "CF123", cookie: SESSION_COOKIE, authorization: `Bearer ${API_KEY}` } },
      user: { email: "owner@khata.test", credentials: { password: PASSWORD, nested: { AUTH_SECRET: "whatever-is-here-0123456789" } } },
      hasSecret: true,
    });
    expectNoSecret(text());
    const [line] = lines();
    expect(line).toMatchObject({
      msg: "cashfree call failed",
      password: "[Redacted]",
      clientSecret: "[Redacted]",
      apiKey: "[Redacted]",
      orderId: "ord_42",
      request: { headers: { "x-client-secret": "[Redacted]", "x-client-id": "CF123", cookie: "[Redacted]", authorization: "[Redacted]" } },
      user: { email: "owner@khata.test", credentials: { password: "[Redacted]", nested: { AUTH_SECRET: "[Redacted]" } } },
      hasSecret: true,
    });
  });

  it("cuts secrets out of strings wherever they appear: messages, plain fields, arrays", () => {
    const { logger, text, lines } = capture();
    logger.error(`upstream said: bad key ${API_KEY} with secret ${CASHFREE_SECRET}`, {
      detail: `Cookie: authjs.session-token=${SESSION_JWE}; theme=dark`,
      chunked: `authjs.session-token.0=${SESSION_JWE}`,
      prefixed: SESSION_COOKIE,
      header: `Authorization: Bearer ${API_KEY}`,
      notes: [`echo ${CASHFREE_SECRET}`, "plain note"],
      url: "postgres://khata:s3cr3t-pass@db.internal:5432/khata",
      body: `{"email":"owner@khata.test","password":"${PASSWORD}"}`,
      query: `/cb?token=${SESSION_JWE}&order=ord_9`,
    });
    expectNoSecret(text());
    expect(text()).not.toContain("s3cr3t-pass");
    const [line] = lines();
    expect(line!.msg).toBe("upstream said: bad key cm_[Redacted] with secret [Redacted]");
    expect(line!.detail).toBe("Cookie: authjs.session-token=[Redacted]; theme=dark");
    expect(line!.prefixed).toBe("__Secure-authjs.session-token=[Redacted]");
    expect(line!.notes).toEqual(["echo [Redacted]", "plain note"]);
    expect(line!.url).toBe("postgres://khata:[Redacted]@db.internal:5432/khata");
    expect(line!.body).toBe('{"email":"owner@khata.test","password":[Redacted]}');
    expect(line!.query).toBe("/cb?token=[Redacted]&order=ord_9");
  });

  it("serializes errors with pino's serializer (type, message, stack, code) and scrubs them, causes included", () => {
    const { logger, text, lines } = capture();
    const cause = new Error(`token ${API_KEY} rejected`);
    const error = Object.assign(new Error(`login failed for password=${PASSWORD}; secret ${CASHFREE_SECRET}`, { cause }), {
      code: "E_UPSTREAM",
    });
    logger.error("unhandled error", { err: error, nested: { error: new TypeError(`cookie ${SESSION_COOKIE}`) } });
    const out = text();
    for (const secret of [CASHFREE_SECRET, API_KEY, "opaque-session-value"]) expect(out).not.toContain(secret);
    const [line] = lines();
    const err = line!.err as Record<string, unknown>;
    expect(err.type).toBe("Error");
    expect(err.code).toBe("E_UPSTREAM");
    expect(err.message).toContain("login failed for password=[Redacted];");
    expect(err.message).toContain("secret [Redacted]");
    expect(err.message).toContain("token cm_[Redacted] rejected");
    expect(err.stack).toMatch(/^Error: login failed/);
    expect(err.stack).toContain("log.test.ts");
    expect((line!.nested as { error: Record<string, unknown> }).error).toMatchObject({
      type: "TypeError",
      message: "cookie __Secure-authjs.session-token=[Redacted]",
    });
  });

  it("never changes the objects the caller logged", () => {
    const { logger } = capture();
    const fields = { password: PASSWORD, nested: { note: `secret ${CASHFREE_SECRET}` } };
    logger.info("x", fields);
    expect(fields).toEqual({ password: PASSWORD, nested: { note: `secret ${CASHFREE_SECRET}` } });
  });

  it("survives what JSON cannot hold: cycles, Headers, URLs", () => {
    const { logger, lines } = capture();
    const cyclic: Record<string, unknown> = { name: "loop" };
    cyclic.self = cyclic;
    logger.info("odd values", {
      cyclic,
      headers: new Headers({ "x-api-key": API_KEY, "content-type": "application/json" }),
      link: new URL(`https://example.com/cb?key=${API_KEY}`),
    });
    const [line] = lines();
    expect(line).toMatchObject({
      cyclic: { name: "loop", self: "[Circular]" },
      headers: { "x-api-key": "[Redacted]", "content-type": "application/json" },
      link: "https://example.com/cb?key=cm_[Redacted]",
    });
  });

  it("pretty format prints a readable line, scrubbed too", () => {
    const { logger, text } = capture({ format: "pretty" });
    logger.info(`paid with ${CASHFREE_SECRET}`, { orderId: "ord_7" });
    expect(text()).toContain("paid with [Redacted]");
    expect(text()).toContain("ord_7");
    expect(text()).not.toContain(CASHFREE_SECRET);
    expect(() => JSON.parse(text())).toThrow();
  });
});

describe("configuredSecrets", () => {
  it("lists the Cashfree and Auth secrets and the database password", () => {
    const env = parseEnv({
      NODE_ENV: "development",
      CASHFREE_ENV: "sandbox",
      CASHFREE_CLIENT_ID: "id",
      CASHFREE_CLIENT_SECRET: CASHFREE_SECRET,
      CASHFREE_PAYOUT_CLIENT_ID: "payout-id",
      CASHFREE_PAYOUT_CLIENT_SECRET: "payout-secret-value-456",
      AUTH_GITHUB_SECRET: "gh-secret-value-123",
      DATABASE_URL: "postgres://khata:p%40ss-word-99@127.0.0.1:5432/khata",
    });
    expect(configuredSecrets(env)).toEqual(expect.arrayContaining([CASHFREE_SECRET, "payout-secret-value-456", "gh-secret-value-123", "p@ss-word-99", env.AUTH_SECRET]));
  });
});

describe("LOG_LEVEL and LOG_FORMAT defaults", () => {
  it("silent under test unless set; info otherwise; pretty only in development", () => {
    expect(parseEnv({ NODE_ENV: "test" }).LOG_LEVEL).toBe("silent");
    expect(parseEnv({ NODE_ENV: "test", LOG_LEVEL: "debug" }).LOG_LEVEL).toBe("debug");
    expect(parseEnv({ NODE_ENV: "development" })).toMatchObject({ LOG_LEVEL: "info", LOG_FORMAT: "pretty" });
    expect(parseEnv({ NODE_ENV: "test" }).LOG_FORMAT).toBe("json");
    expect(parseEnv({ NODE_ENV: "development", LOG_FORMAT: "json" }).LOG_FORMAT).toBe("json");
    expect(() => parseEnv({ LOG_FORMAT: "xml" })).toThrow(/LOG_FORMAT/);
  });
});
