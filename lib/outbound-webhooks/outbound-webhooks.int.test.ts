import http from "node:http";
import type { AddressInfo } from "node:net";
import { eq } from "drizzle-orm";
import { afterAll, beforeAll, expect, it } from "vitest";
import { webhookDeliveries, webhookEndpoints } from "@/lib/db/schema";
import { AppError } from "@/lib/errors";
import { newId } from "@/lib/ids";
import { describeEngines, describePostgres } from "@/lib/testing/engines";
import { createAccount } from "@/lib/testing/factories";
import { createWebhookEndpoint } from "./create-webhook-endpoint";
import { deliverDue } from "./deliver-due";
import { enqueueEvent } from "./enqueue-event";
import { listWebhookDeliveries } from "./list-webhook-deliveries";
import { postPinned } from "./post-pinned";
import { resendWebhookDelivery } from "./resend-webhook-delivery";
import { rotateWebhookSecret } from "./rotate-webhook-secret";
import { encryptSecret } from "./secret-box";
import { verifySignature } from "./sign-payload";
import { parseWebhookTarget } from "./webhook-target";

const policy = { allowLoopback: true };

interface Received {
  headers: http.IncomingHttpHeaders;
  body: string;
  path: string;
}

interface Receiver {
  port: number;
  url: string;
  received: Received[];
  respond: (req: Received, n: number) => { status: number; headers?: Record<string, string> };
  close(): Promise<void>;
}

async function startReceiver(host = "127.0.0.1"): Promise<Receiver> {
  const receiver = {
    received: [] as Received[],
    respond: (() => ({ status: 200 })) as Receiver["respond"],
  } as Receiver;
  const server = http.createServer((req, res) => {
    let body = "";
    req.on("data", (c: Buffer) => (body += c.toString("utf8")));
    req.on("end", () => {
      const entry = { headers: req.headers, body, path: req.url ?? "/" };
      receiver.received.push(entry);
      const { status, headers } = receiver.respond(entry, receiver.received.length);
      res.writeHead(status, headers).end("ok");
    });
  });
  await new Promise<void>((resolve) => server.listen(0, host, resolve));
  receiver.port = (server.address() as AddressInfo).port;
  receiver.url = `http://${host}:${receiver.port}/hook`;
  receiver.close = () => new Promise((resolve) => server.close(() => resolve()));
  return receiver;
}

async function deliverUntilIdle(db: Parameters<typeof deliverDue>[0], rounds = 50) {
  for (let i = 0; i < rounds; i++) {
    const summary = await deliverDue(db, { policy });
    const [pending] = await db.select({ id: webhookDeliveries.id }).from(webhookDeliveries).where(eq(webhookDeliveries.status, "pending")).limit(1);
    if (!pending && summary.claimed === 0) return;
    await new Promise((r) => setTimeout(r, 25));
  }
}

describeEngines("outbound webhooks", (ctx) => {
  let receiver: Receiver;
  let forbidden: Receiver;
  beforeAll(async () => {
    receiver = await startReceiver("127.0.0.1");
    forbidden = await startReceiver("127.0.0.2");
  });
  afterAll(async () => {
    await receiver.close();
    await forbidden.close();
  });

  it("delivers each event once per delivery, signed; resend sends again; rotation signs with both secrets", async () => {
    receiver.received.length = 0;
    receiver.respond = () => ({ status: 200 });
    const { accountId } = await createAccount(ctx.db);
    const other = await createAccount(ctx.db);
    const { endpoint, secret } = await createWebhookEndpoint(ctx.db, { accountId, url: receiver.url, policy });
    expect(secret).toMatch(/^whsec_/);
    const [stored] = await ctx.db.select().from(webhookEndpoints).where(eq(webhookEndpoints.id, endpoint.id));
    expect(stored!.secretCiphertext).not.toContain(secret.slice(6));
    // An endpoint subscribed to other events gets nothing.
    await createWebhookEndpoint(ctx.db, { accountId, url: `${receiver.url}?only=invoices`, events: ["invoice.created"], policy });

    const events = await ctx.db.transaction(async (tx) => [
      await enqueueEvent(tx, { accountId, type: "payment.completed", causeKey: `payment:${accountId}:1`, payload: { order_id: "cm_0011223344556677", amount: 5000, currency: "INR", status: "completed" } }),
      await enqueueEvent(tx, { accountId, type: "credits.low", causeKey: `credits.low:${accountId}:1`, payload: { amount: 5n, currency: "INR", status: "low" } }),
      await enqueueEvent(tx, { accountId: other.accountId, type: "payment.completed", causeKey: `payment:${other.accountId}:1`, payload: { amount: 1, currency: "INR", status: "completed" } }),
    ]);
    // A repeated cause writes nothing new.
    const repeat = await enqueueEvent(ctx.db, { accountId, type: "payment.completed", causeKey: `payment:${accountId}:1`, payload: { amount: 1, currency: "INR", status: "completed" } });
    expect(repeat).toEqual({ id: events[0]!.id, created: false });

    await deliverUntilIdle(ctx.db);
    expect(receiver.received).toHaveLength(2);
    for (const r of receiver.received) {
      expect(r.path).toBe("/hook");
      expect(r.headers["content-type"]).toBe("application/json");
      expect(verifySignature(r.headers["khata-signature"] as string, r.body, secret)).toBe(true);
      const payload = JSON.parse(r.body) as Record<string, unknown>;
      expect(r.headers["khata-event-id"]).toBe(payload.id);
      expect(payload).toMatchObject({ account_id: accountId, currency: "INR" });
      expect(typeof payload.timestamp).toBe("string");
    }
    const payment = receiver.received.map((r) => JSON.parse(r.body) as Record<string, unknown>).find((p) => p.event === "payment.completed");
    expect(payment).toMatchObject({ id: events[0]!.id, order_id: "cm_0011223344556677", amount: 5000, status: "completed" });

    await deliverUntilIdle(ctx.db);
    expect(receiver.received).toHaveLength(2);

    const log = await listWebhookDeliveries(ctx.db, { accountId, endpointId: endpoint.id });
    expect(log).toHaveLength(2);
    for (const d of log) {
      expect(d).toMatchObject({ status: "succeeded", attempts: 1, last_status_code: 200, last_error: null, next_attempt_at: null });
      expect(d.last_latency_ms).toBeGreaterThanOrEqual(0);
      expect(d.updated_at.getTime()).toBeGreaterThanOrEqual(d.created_at.getTime());
    }
    await expect(listWebhookDeliveries(ctx.db, { accountId: other.accountId, endpointId: endpoint.id })).rejects.toMatchObject({ code: "not_found" });
    await expect(resendWebhookDelivery(ctx.db, { accountId: other.accountId, deliveryId: log[0]!.id })).rejects.toMatchObject({ code: "not_found" });

    await resendWebhookDelivery(ctx.db, { accountId, deliveryId: log[0]!.id });
    await deliverUntilIdle(ctx.db);
    expect(receiver.received).toHaveLength(3);
    expect(receiver.received[2]!.headers["khata-event-id"]).toBe(log[0]!.event_id);

    const rotated = await rotateWebhookSecret(ctx.db, { accountId, endpointId: endpoint.id, overlapHours: 1 });
    expect(rotated.endpoint.previous_secret_expires_at).toBeInstanceOf(Date);
    await enqueueEvent(ctx.db, { accountId, type: "user.created", causeKey: `user.created:${accountId}`, payload: { amount: 0, currency: "INR", status: "created" } });
    await deliverUntilIdle(ctx.db);
    const last = receiver.received[3]!;
    expect((last.headers["khata-signature"] as string).match(/v1=/g)).toHaveLength(2);
    expect(verifySignature(last.headers["khata-signature"] as string, last.body, rotated.secret)).toBe(true);
    expect(verifySignature(last.headers["khata-signature"] as string, last.body, secret)).toBe(true);
  });

  it("a receiver that fails twice gets the event on attempt 3 (backoff between attempts)", async () => {
    receiver.received.length = 0;
    receiver.respond = (_r, n) => ({ status: n <= 2 ? 500 : 204 });
    const { accountId } = await createAccount(ctx.db);
    const { endpoint, secret } = await createWebhookEndpoint(ctx.db, { accountId, url: receiver.url, policy });
    const { id } = await enqueueEvent(ctx.db, { accountId, type: "payment.failed", causeKey: `payment.failed:${accountId}`, payload: { amount: 10, currency: "INR", status: "failed" } });

    const first = await deliverDue(ctx.db, { policy });
    expect(first).toMatchObject({ claimed: 1, retrying: 1 });
    const immediately = await deliverDue(ctx.db, { policy, backoffMs: () => 60_000 });
    expect(immediately.claimed).toBe(0); // not due yet: the backoff holds it
    await deliverUntilIdle(ctx.db);

    expect(receiver.received.map((r) => [r.headers["khata-event-id"], r.headers["khata-delivery-attempt"]])).toEqual([
      [id, "1"],
      [id, "2"],
      [id, "3"],
    ]);
    expect(receiver.received.every((r) => verifySignature(r.headers["khata-signature"] as string, r.body, secret))).toBe(true);
    const [d] = await listWebhookDeliveries(ctx.db, { accountId, endpointId: endpoint.id });
    expect(d).toMatchObject({ status: "succeeded", attempts: 3, last_status_code: 204 });
  });

  it("SSRF: 127.0.0.2, 169.254.169.254, [::1], 0x7f000001 and a redirect to a private address never reach a forbidden target", async () => {
    receiver.received.length = 0;
    forbidden.received.length = 0;
    const { accountId } = await createAccount(ctx.db);
    const bad = [
      `http://127.0.0.2:${forbidden.port}/hook`,
      "https://169.254.169.254/latest/meta-data/",
      `https://[::1]:${forbidden.port}/hook`,
      `http://0x7f000001:${receiver.port}/hook`,
      `http://2130706433:${receiver.port}/hook`,
      `http://127.1:${receiver.port}/hook`,
    ];
    // Registration refuses them…
    for (const url of bad) {
      const error = await createWebhookEndpoint(ctx.db, { accountId, url, policy }).catch((e: unknown) => e);
      expect(error, url).toBeInstanceOf(AppError);
      expect(error).toMatchObject({ code: "invalid_request" });
    }
    // …and so does the sender, for rows that got in some other way (checked again at send time).
    for (const url of bad) {
      await ctx.db.insert(webhookEndpoints).values({ id: newId("whe"), accountId, url, events: ["payment.completed"], secretCiphertext: encryptSecret("whsec_test") });
    }
    // A permitted receiver that redirects to a forbidden one: the redirect is not followed.
    const redirecting = await createWebhookEndpoint(ctx.db, { accountId, url: `${receiver.url}?redirect=1`, policy });
    receiver.respond = () => ({ status: 302, headers: { location: `http://127.0.0.2:${forbidden.port}/stolen` } });

    await enqueueEvent(ctx.db, { accountId, type: "payment.completed", causeKey: `payment:${accountId}:ssrf`, payload: { amount: 1, currency: "INR", status: "completed" } });
    await deliverDue(ctx.db, { policy, maxAttempts: 1 });

    expect(forbidden.received).toHaveLength(0);
    expect(receiver.received.map((r) => r.path)).toEqual(["/hook?redirect=1"]);
    const rows = await ctx.db
      .select({ url: webhookEndpoints.url, d: webhookDeliveries })
      .from(webhookDeliveries)
      .innerJoin(webhookEndpoints, eq(webhookEndpoints.id, webhookDeliveries.endpointId))
      .where(eq(webhookEndpoints.accountId, accountId));
    expect(rows).toHaveLength(bad.length + 1);
    for (const { url, d } of rows) {
      expect(d.status, url).toBe("failed");
      if (d.endpointId === redirecting.endpoint.id) {
        expect(d).toMatchObject({ lastStatusCode: 302 });
        expect(d.lastError).toContain("not followed");
      } else {
        expect(d.lastStatusCode, url).toBeNull();
        expect(d.lastError, url).toMatch(/refused/);
      }
    }
  });

  it("pins the connection to the checked address (no second DNS lookup), keeping the hostname in Host", async () => {
    receiver.received.length = 0;
    receiver.respond = () => ({ status: 200 });
    const target = parseWebhookTarget(`http://127.0.0.1:${receiver.port}/pinned`, policy);
    const pinned = { ...target, url: new URL(`http://rebind.example.com:${receiver.port}/pinned`), hostname: "rebind.example.com", literalFamily: 0 as const, address: "127.0.0.1", family: 4 as const };
    const result = await postPinned(pinned, { headers: { "content-type": "application/json" }, body: "{}" });
    expect(result.statusCode).toBe(200);
    expect(receiver.received[0]).toMatchObject({ path: "/pinned" });
    expect(receiver.received[0]!.headers.host).toBe(`rebind.example.com:${receiver.port}`);
  });
});

describePostgres("outbound webhooks with several workers", (ctx) => {
  it("three concurrent workers deliver 30 events exactly once each (FOR UPDATE SKIP LOCKED)", async () => {
    const receiver = await startReceiver();
    try {
      const { accountId } = await createAccount(ctx.db);
      await createWebhookEndpoint(ctx.db, { accountId, url: receiver.url, policy });
      for (let i = 0; i < 30; i++) {
        await enqueueEvent(ctx.db, { accountId, type: "invoice.created", causeKey: `invoice:${accountId}:${i}`, payload: { amount: i, currency: "INR", status: "issued" } });
      }
      await Promise.all([1, 2, 3].map(() => deliverDue(ctx.db, { policy, limit: 30 })));
      await deliverDue(ctx.db, { policy, limit: 30 });
      const ids = receiver.received.map((r) => r.headers["khata-event-id"]);
      expect(ids).toHaveLength(30);
      expect(new Set(ids).size).toBe(30);
    } finally {
      await receiver.close();
    }
  });
});
