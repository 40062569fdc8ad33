import { describe, expect, it } from "vitest";
import { createCashfreeClient, type CashfreeClientOptions } from "./client";
import { CashfreeApiError, CashfreeNetworkError, CashfreeResponseError } from "./errors";
import type { CreateOrderRequest } from "./types";

type RecordedCall = { url: string; method: string; headers: Record<string, string>; body: string | undefined };
type Responder = (call: RecordedCall, signal: AbortSignal | undefined) => Promise<Response> | Response;

const ORDER_BODY = {
  cf_order_id: "2149460581",
  order_id: "ord_1",
  order_amount: 5000,
  order_currency: "INR",
  order_status: "ACTIVE",
  payment_session_id: "session_abc",
  order_expiry_time: "2025-01-15T12:20:29+05:30",
  customer_details: { customer_id: "c1", customer_phone: "9876543210" },
  order_meta: { return_url: "https://x/{order_id}", notify_url: "https://x/hook", payment_methods: null },
  some_future_field: { kept: true },
};

const CREATE_ORDER: CreateOrderRequest = {
  order_id: "ord_1",
  order_amount: 5000,
  order_currency: "INR",
  customer_details: { customer_id: "c1", customer_phone: "9876543210" },
};

const json = (status: number, body: unknown, headers: Record<string, string> = {}) =>
  new Response(JSON.stringify(body), { status, headers: { "content-type": "application/json", ...headers } });

function setup(responders: Responder[], overrides: Partial<CashfreeClientOptions> = {}) {
  const calls: RecordedCall[] = [];
  const sleeps: number[] = [];
  const logs: { level: string; message: string; requestId: string }[] = [];
  const fetchImpl = (async (input: RequestInfo | URL, init?: RequestInit) => {
    const call: RecordedCall = {
      url: String(input),
      method: init?.method ?? "GET",
      headers: { ...(init?.headers as Record<string, string>) },
      body: init?.body as string | undefined,
    };
    calls.push(call);
    const responder = responders[Math.min(calls.length - 1, responders.length - 1)];
    if (!responder) throw new Error("no responder");
    return responder(call, init?.signal ?? undefined);
  }) as typeof fetch;
  const client = createCashfreeClient({
    env: "sandbox",
    clientId: "cid",
    clientSecret: "csecret",
    fetchImpl,
    sleep: async (ms) => {
      sleeps.push(ms);
    },
    logger: {
      info: (message, entry) => logs.push({ level: "info", message, requestId: entry.requestId }),
      warn: (message, entry) => logs.push({ level: "warn", message, requestId: entry.requestId }),
    },
    ...overrides,
  });
  return { client, calls, sleeps, logs };
}

describe("createCashfreeClient", () => {
  it("sends the documented headers and parses the order leniently", async () => {
    const { client, calls, logs } = setup([() => json(200, ORDER_BODY)]);
    const order = await client.createOrder(CREATE_ORDER, { idempotencyKey: "idem-1" });

    expect(order.cf_order_id).toBe("2149460581");
    expect(order.order_status).toBe("ACTIVE");
    expect((order as Record<string, unknown>).some_future_field).toEqual({ kept: true });

    const [call] = calls;
    expect(call?.url).toBe("https://sandbox.cashfree.com/pg/orders");
    expect(call?.method).toBe("POST");
    expect(call?.headers).toMatchObject({
      "x-client-id": "cid",
      "x-client-secret": "csecret",
      "x-api-version": "2025-01-01",
      "x-idempotency-key": "idem-1",
      "content-type": "application/json",
    });
    expect(call?.headers["x-request-id"]).toMatch(/^[0-9a-f-]{36}$/);
    expect(JSON.parse(call?.body ?? "")).toEqual(CREATE_ORDER);
    expect(logs[0]?.requestId).toBe(call?.headers["x-request-id"]);
    expect(JSON.stringify(logs)).not.toContain("csecret");
  });

  it("uses a fresh request id per call and no idempotency key on GET", async () => {
    const { client, calls } = setup([() => json(200, ORDER_BODY)]);
    await client.getOrder("ord_1");
    await client.getOrder("ord/../x");
    expect(calls[0]?.headers["x-idempotency-key"]).toBeUndefined();
    expect(calls[0]?.headers["x-request-id"]).not.toBe(calls[1]?.headers["x-request-id"]);
    expect(calls[1]?.url).toBe("https://sandbox.cashfree.com/pg/orders/ord%2F..%2Fx");
  });

  it("terminates with PATCH order_status TERMINATED and an idempotency key", async () => {
    const { client, calls } = setup([() => json(200, { ...ORDER_BODY, order_status: "TERMINATED" })]);
    const order = await client.terminateOrder("ord_1", { idempotencyKey: "term-1" });
    expect(order.order_status).toBe("TERMINATED");
    expect(calls[0]?.method).toBe("PATCH");
    expect(calls[0]?.headers["x-idempotency-key"]).toBe("term-1");
    expect(JSON.parse(calls[0]?.body ?? "")).toEqual({ order_status: "TERMINATED" });
  });

  it("normalises numeric payment ids to strings", async () => {
    const payment = { cf_payment_id: 975672265, payment_status: "SUCCESS", payment_amount: 10, payment_currency: "INR" };
    const { client, calls } = setup([() => json(200, [payment])]);
    const payments = await client.getPaymentsForOrder("ord_1");
    expect(payments[0]?.cf_payment_id).toBe("975672265");
    expect(calls[0]?.url).toBe("https://sandbox.cashfree.com/pg/orders/ord_1/payments");
  });

  it("retries 503 then succeeds, reusing the idempotency key and request id", async () => {
    const { client, calls, sleeps } = setup([
      () => json(503, { message: "down", code: "api_error", type: "api_error" }),
      () => json(503, { message: "down", code: "api_error", type: "api_error" }),
      () => json(200, ORDER_BODY),
    ]);
    await client.createOrder(CREATE_ORDER, { idempotencyKey: "idem-retry" });
    expect(calls).toHaveLength(3);
    expect(new Set(calls.map((c) => c.headers["x-idempotency-key"]))).toEqual(new Set(["idem-retry"]));
    expect(new Set(calls.map((c) => c.headers["x-request-id"])).size).toBe(1);
    expect(sleeps).toHaveLength(2);
    expect(sleeps[0]).toBeGreaterThanOrEqual(125);
    expect(sleeps[0]).toBeLessThanOrEqual(250);
    expect(sleeps[1]).toBeGreaterThanOrEqual(250);
    expect(sleeps[1]).toBeLessThanOrEqual(500);
  });

  it("honours x-ratelimit-retry on 429, capped by maxRetryDelayMs", async () => {
    const rateLimited = { message: "too many", code: "request_failed", type: "rate_limit_error" };
    const { client, sleeps } = setup([
      () => json(429, rateLimited, { "x-ratelimit-retry": "2" }),
      () => json(429, rateLimited, { "x-ratelimit-retry": "60" }),
      () => json(429, rateLimited, { "x-ratelimit-reset": "3" }),
      () => json(200, ORDER_BODY),
    ]);
    await client.getOrder("ord_1");
    expect(sleeps).toEqual([2000, 10_000, 3000]);
  });

  it("gives up after maxRetries and surfaces the last API error", async () => {
    const { client, calls } = setup([() => json(500, { message: "boom", code: "api_error", type: "api_error" })], { maxRetries: 2 });
    const error = await client.getOrder("ord_1").catch((e: unknown) => e);
    expect(calls).toHaveLength(3);
    expect(error).toBeInstanceOf(CashfreeApiError);
    expect(error).toMatchObject({ status: 500, code: "api_error", message: "boom" });
  });

  it.each([400, 401, 404, 409, 422])("does not retry %i and maps the error body", async (status) => {
    const body = { message: "order_amount : invalid value", code: "order_amount_invalid", type: "invalid_request_error", help: "..." };
    const { client, calls, sleeps } = setup([() => json(status, body)]);
    const error = await client.createOrder(CREATE_ORDER, { idempotencyKey: "k" }).catch((e: unknown) => e);
    expect(calls).toHaveLength(1);
    expect(sleeps).toHaveLength(0);
    expect(error).toBeInstanceOf(CashfreeApiError);
    const apiError = error as CashfreeApiError;
    expect(apiError).toMatchObject({ status, code: "order_amount_invalid", type: "invalid_request_error", message: body.message });
    expect(apiError.requestId).toBe(calls[0]?.headers["x-request-id"]);
  });

  it("maps a non-JSON error body to a CashfreeApiError", async () => {
    const { client } = setup([() => new Response("<html>bad gateway</html>", { status: 404 })]);
    await expect(client.getOrder("x")).rejects.toMatchObject({ name: "CashfreeApiError", status: 404, code: "unknown" });
  });

  it("retries network errors and then throws CashfreeNetworkError (never the raw fetch error)", async () => {
    const { client, calls } = setup([
      () => {
        throw new TypeError("fetch failed", { cause: Object.assign(new Error("connect ECONNREFUSED"), { code: "ECONNREFUSED" }) });
      },
    ]);
    const error = await client.createOrder(CREATE_ORDER, { idempotencyKey: "net" }).catch((e: unknown) => e);
    expect(calls).toHaveLength(4);
    expect(error).toBeInstanceOf(CashfreeNetworkError);
    expect((error as CashfreeNetworkError).message).toContain("ECONNREFUSED");
    expect((error as CashfreeNetworkError).attempts).toBe(4);
    expect(new Set(calls.map((c) => c.headers["x-idempotency-key"]))).toEqual(new Set(["net"]));
  });

  it("times out each attempt via AbortSignal and throws CashfreeNetworkError", async () => {
    const hang: Responder = (_call, signal) =>
      new Promise<Response>((_resolve, reject) => {
        signal?.addEventListener("abort", () => reject(signal.reason));
      });
    const { client, calls } = setup([hang], { timeoutMs: 20, maxRetries: 1 });
    const error = await client.getOrder("ord_1").catch((e: unknown) => e);
    expect(calls).toHaveLength(2);
    expect(error).toBeInstanceOf(CashfreeNetworkError);
    expect((error as Error).message).toContain("timed out after 20ms");
  });

  it("recovers when a timed-out attempt is followed by a good one", async () => {
    const hang: Responder = (_call, signal) =>
      new Promise<Response>((_resolve, reject) => signal?.addEventListener("abort", () => reject(signal.reason)));
    const { client } = setup([hang, () => json(200, ORDER_BODY)], { timeoutMs: 20 });
    await expect(client.getOrder("ord_1")).resolves.toMatchObject({ order_id: "ord_1" });
  });

  it("throws CashfreeResponseError when a 2xx body lacks required fields", async () => {
    const { client } = setup([() => json(200, { order_id: "ord_1" })]);
    const error = await client.getOrder("ord_1").catch((e: unknown) => e);
    expect(error).toBeInstanceOf(CashfreeResponseError);
    expect((error as CashfreeResponseError).issues.join()).toContain("cf_order_id");
  });

  it("validates configuration", () => {
    expect(() => createCashfreeClient({ env: "emulator", clientId: "a", clientSecret: "b" })).toThrow(/baseUrl/);
    expect(() =>
      createCashfreeClient({ env: "production", clientId: "a", clientSecret: "b", baseUrl: "http://127.0.0.1/pg" }),
    ).toThrow(/only allowed/);
    expect(createCashfreeClient({ env: "production", clientId: "a", clientSecret: "b" }).baseUrl).toBe("https://api.cashfree.com/pg");
    expect(createCashfreeClient({ env: "emulator", clientId: "a", clientSecret: "b", baseUrl: "http://127.0.0.1:4010/pg/" }).baseUrl).toBe(
      "http://127.0.0.1:4010/pg",
    );
  });

  it("refuses a POST without an idempotency key", async () => {
    const { client, calls } = setup([() => json(200, ORDER_BODY)]);
    await expect(client.createOrder(CREATE_ORDER, { idempotencyKey: "" })).rejects.toThrow(/idempotency key/);
    expect(calls).toHaveLength(0);
  });
});
