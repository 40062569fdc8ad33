import { eq, sql } from "drizzle-orm";
import { afterAll, beforeAll, expect, it } from "vitest";
import { webhookDeliveries, webhookEndpoints } from "@/lib/db/schema";
import { AppError } from "@/lib/errors";
import { newId } from "@/lib/ids";
import { describeWithDatabase, type DatabaseContext } from "@/lib/testing/database";
import { createAccount } from "@/lib/testing/factories";
import { drainJobs, makeJobsDue, queuedJobs } from "@/lib/testing/run-jobs";
import { startReceiver, type Receiver } from "@/lib/testing/webhook-receiver";
import { createWebhookEndpoint } from "./create-webhook-endpoint";
import type { DeliverOptions } from "./deliver-webhook";
import { deliveryJobKey } from "./delivery-jobs";
import { enqueueEvent } from "./enqueue-event";
import { listWebhookDeliveries } from "./list-webhook-deliveries";
import { postPinned } from "./post-pinned";
import { resendWebhookDelivery } from "./resend-webhook-delivery";
import { rotateWebhookSecret } from "./rotate-webhook-secret";
import { encryptSecret } from "./secret-box";
import { verifySignature } from "./sign-payload";
import { parseWebhookTarget } from "./webhook-target";

const policy = { allowLoopback: true };

/** Works every due job (fan-outs, then the attempts they queue) until none is due: no sleeps, no polling. */
const deliver = (ctx: DatabaseContext, options: DeliverOptions = {}) => drainJobs(ctx, { delivery: { policy, ...options } });

async function deliveryOf(ctx: DatabaseContext, id: string) {
  const [row] = await ctx.db.select().from(webhookDeliveries).where(eq(webhookDeliveries.id, id));
  return row!;
}

describeWithDatabase("outbound webhooks", (ctx) => {
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

    await deliver(ctx);
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

    await deliver(ctx);
    expect(receiver.received).toHaveLength(2);
    expect(await queuedJobs(ctx.db)).toEqual([]);

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
    await deliver(ctx);
    expect(receiver.received).toHaveLength(3);
    expect(receiver.received[2]!.headers["khata-event-id"]).toBe(log[0]!.event_id);

    const rotated = await rotateWebhookSecret(ctx.db, { accountId, endpointId: endpoint.id, overlapHours: 1 });
    expect(rotated.endpoint.previous_secret_expires_at).toBeInstanceOf(Date);
    await enqueueEvent(ctx.db, { accountId, type: "user.created", causeKey: `user.created:${accountId}`, payload: { amount: 0, currency: "INR", status: "created" } });
    await deliver(ctx);
    const last = receiver.received[3]!;
    expect((last.headers["khata-signature"] as string).match(/v1=/g)).toHaveLength(2);
    expect(verifySignature(last.headers["khata-signature"] as string, last.body, rotated.secret)).toBe(true);
    expect(verifySignature(last.headers["khata-signature"] as string, last.body, secret)).toBe(true);
  });

  it("the fan-out job commits or rolls back with the event's transaction", async () => {
    const { accountId } = await createAccount(ctx.db);
    const rolledBack = await ctx.db
      .transaction(async (tx) => {
        const event = await enqueueEvent(tx, { accountId, type: "credits.low", causeKey: `credits.low:${accountId}:rb`, payload: { amount: 1, currency: "INR", status: "low" } });
        tx.rollback();
        return event;
      })
      .catch((e: unknown) => e);
    expect(rolledBack).toBeInstanceOf(Error);
    const committed = await enqueueEvent(ctx.db, { accountId, type: "credits.low", causeKey: `credits.low:${accountId}:ok`, payload: { amount: 1, currency: "INR", status: "low" } });
    const keys = (await queuedJobs(ctx.db)).map((j) => [j.task_identifier, j.key, j.payload]);
    expect(keys).toEqual([["fan-out-webhook-event", `fan-out-webhook-event:${committed.id}`, { eventId: committed.id }]]);
    await deliver(ctx); // no endpoint: the fan-out creates nothing
    expect(await queuedJobs(ctx.db)).toEqual([]);
  });

  it("a receiver that fails twice gets the event on attempt 3; each retry is scheduled at now + backoff(n)", async () => {
    receiver.received.length = 0;
    receiver.respond = (_r, n) => ({ status: n <= 2 ? 500 : 204 });
    const { accountId } = await createAccount(ctx.db);
    const { endpoint, secret } = await createWebhookEndpoint(ctx.db, { accountId, url: receiver.url, policy });
    const { id } = await enqueueEvent(ctx.db, { accountId, type: "payment.failed", causeKey: `payment.failed:${accountId}`, payload: { amount: 10, currency: "INR", status: "failed" } });
    // An injected clock and backoff: retries are due at exactly clock + n hours, and "time passes" only when the
    // test makes the waiting jobs due.
    const clock = new Date();
    const options: DeliverOptions = { now: () => clock, backoffMs: (n) => n * 3_600_000 };

    await deliver(ctx, options);
    expect(receiver.received).toHaveLength(1);
    const [delivery] = await listWebhookDeliveries(ctx.db, { accountId, endpointId: endpoint.id });
    const retry = (await queuedJobs(ctx.db)).filter((j) => j.key === deliveryJobKey(delivery!.id));
    expect(retry).toHaveLength(1);
    expect(retry[0]).toMatchObject({ task_identifier: "deliver-webhook", payload: { deliveryId: delivery!.id, attempt: 2 }, attempts: 0 });
    expect(retry[0]!.run_at.getTime()).toBe(clock.getTime() + 3_600_000);
    expect(delivery).toMatchObject({ status: "pending", attempts: 1, last_status_code: 500, last_error: "HTTP 500" });
    expect(delivery!.next_attempt_at?.getTime()).toBe(clock.getTime() + 3_600_000);

    await deliver(ctx, options); // not due: the backoff holds it
    expect(receiver.received).toHaveLength(1);

    expect(await makeJobsDue(ctx.db)).toBe(1);
    await deliver(ctx, options);
    expect(receiver.received).toHaveLength(2);
    const second = (await queuedJobs(ctx.db)).find((j) => j.key === deliveryJobKey(delivery!.id));
    expect(second!.run_at.getTime()).toBe(clock.getTime() + 2 * 3_600_000);

    await makeJobsDue(ctx.db);
    await deliver(ctx, options);
    expect(receiver.received.map((r) => [r.headers["khata-event-id"], r.headers["khata-delivery-attempt"]])).toEqual([
      [id, "1"],
      [id, "2"],
      [id, "3"],
    ]);
    expect(receiver.received.every((r) => verifySignature(r.headers["khata-signature"] as string, r.body, secret))).toBe(true);
    const [d] = await listWebhookDeliveries(ctx.db, { accountId, endpointId: endpoint.id });
    expect(d).toMatchObject({ status: "succeeded", attempts: 3, last_status_code: 204 });
    expect(await queuedJobs(ctx.db)).toEqual([]);
  });

  it("the default policy schedules attempt 2 at 30 s ± 20 % after attempt 1 (bounds from the database clock)", async () => {
    receiver.received.length = 0;
    receiver.respond = () => ({ status: 503 });
    const { accountId } = await createAccount(ctx.db);
    const { endpoint } = await createWebhookEndpoint(ctx.db, { accountId, url: receiver.url, policy });
    await enqueueEvent(ctx.db, { accountId, type: "payment.failed", causeKey: `payment.failed:${accountId}:default`, payload: { amount: 1, currency: "INR", status: "failed" } });
    const dbNow = async () => {
      const rows = (await ctx.db.execute(sql`select clock_timestamp() as t`)) as unknown as { t: string }[] | { rows: { t: string }[] };
      return new Date((Array.isArray(rows) ? rows : rows.rows)[0]!.t).getTime();
    };
    const before = await dbNow();
    await deliver(ctx);
    const after = await dbNow();
    const [delivery] = await listWebhookDeliveries(ctx.db, { accountId, endpointId: endpoint.id });
    const retry = (await queuedJobs(ctx.db)).find((j) => j.key === deliveryJobKey(delivery!.id))!;
    // Node's clock and the database's are the same machine's; 1 s of slack covers their rounding.
    expect(retry.run_at.getTime()).toBeGreaterThanOrEqual(before + 24_000 - 1000);
    expect(retry.run_at.getTime()).toBeLessThanOrEqual(after + 36_000 + 1000);
    expect(delivery!.next_attempt_at?.getTime()).toBe(retry.run_at.getTime());
    // Tidy up: this delivery's retry must not run in later tests.
    await ctx.db.execute(sql`delete from graphile_worker._private_jobs where key = ${retry.key}`);
  });

  it("send again replaces a scheduled retry with attempt 1 now; a delivery out of attempts is failed and queues nothing", async () => {
    receiver.received.length = 0;
    receiver.respond = () => ({ status: 500 });
    const { accountId } = await createAccount(ctx.db);
    const { endpoint } = await createWebhookEndpoint(ctx.db, { accountId, url: receiver.url, policy });
    await enqueueEvent(ctx.db, { accountId, type: "credits.low", causeKey: `credits.low:${accountId}:resend`, payload: { amount: 1, currency: "INR", status: "low" } });
    const options: DeliverOptions = { backoffMs: () => 3_600_000, maxAttempts: 2 };
    await deliver(ctx, options);
    const [first] = await listWebhookDeliveries(ctx.db, { accountId, endpointId: endpoint.id });
    expect(first).toMatchObject({ status: "pending", attempts: 1 });

    receiver.respond = () => ({ status: 200 });
    await resendWebhookDelivery(ctx.db, { accountId, deliveryId: first!.id });
    const jobs = (await queuedJobs(ctx.db)).filter((j) => j.key === deliveryJobKey(first!.id));
    expect(jobs).toHaveLength(1); // replaced, not added beside the scheduled retry
    expect(jobs[0]!.payload).toEqual({ deliveryId: first!.id, attempt: 1 });
    await deliver(ctx, options);
    expect(await deliveryOf(ctx, first!.id)).toMatchObject({ status: "succeeded", attempts: 1, lastStatusCode: 200 });
    expect(receiver.received.map((r) => r.headers["khata-delivery-attempt"])).toEqual(["1", "1"]);

    // Out of attempts: attempt 1 and 2 fail, then nothing more is queued.
    receiver.respond = () => ({ status: 500 });
    await resendWebhookDelivery(ctx.db, { accountId, deliveryId: first!.id });
    await deliver(ctx, options);
    await makeJobsDue(ctx.db);
    await deliver(ctx, options);
    expect(await deliveryOf(ctx, first!.id)).toMatchObject({ status: "failed", attempts: 2, lastStatusCode: 500, lastError: "HTTP 500" });
    expect((await queuedJobs(ctx.db)).filter((j) => j.key === deliveryJobKey(first!.id))).toEqual([]);
    expect(receiver.received).toHaveLength(4);
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
    await deliver(ctx, { maxAttempts: 1 });

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
