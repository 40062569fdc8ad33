import { and, eq, inArray, isNull, sql } from "drizzle-orm";
import { afterAll, beforeAll, expect, it } from "vitest";
import type { Db } from "@/lib/db";
import { openDatabase } from "@/lib/db/connect";
import { invoices, ledgerEntries, webhookEvents } from "@/lib/db/schema";
import { listFailedJobs } from "@/lib/jobs/list-failed-jobs";
import { describeWithDatabase } from "@/lib/testing/database";
import { createAccount, createBillingProfile, ledgerInvariant } from "@/lib/testing/factories";
import { insertOrder, paymentWebhookBody, signedHeaders, startTestCashfree, type TestCashfree } from "@/lib/testing/orders";
import { makeJobsDue, queuedJobs, settleWebhookJobs } from "@/lib/testing/run-jobs";
import { handleWebhook } from "./handle-webhook";
import { laneJobKey, settleLane, settlePendingWebhookEvents, settleWebhookEvent, SETTLE_JOB_MAX_ATTEMPTS, SETTLE_LANES } from "./settle-webhook-events";

let cf: TestCashfree;
beforeAll(async () => {
  cf = await startTestCashfree();
});
afterAll(async () => {
  await cf?.close();
});

async function orders(db: Db, n: number) {
  const account = await createAccount(db);
  await createBillingProfile(db, account.accountId);
  const created = [];
  for (let i = 0; i < n; i++) created.push(await insertOrder(db, { accountId: account.accountId, credits: BigInt(3 + i) }));
  return { accountId: account.accountId, created };
}

/** Posts a signed success webhook; returns the recorded event's id. */
async function post(db: Db, order: { id: string; credits: bigint }): Promise<string> {
  const body = paymentWebhookBody({ orderId: order.id, orderAmount: Number(order.credits), cfPaymentId: `pay-${order.id}`, status: "SUCCESS" });
  const answer = await handleWebhook({ db, secret: cf.secret }, { rawBody: body, headers: signedHeaders(body, cf.secret) });
  expect(answer.outcome).toBe("queued");
  const [event] = await db.select({ id: webhookEvents.id }).from(webhookEvents).where(eq(webhookEvents.orderId, order.id));
  return String(event!.id);
}

const laneOf = (eventId: string) => Number(BigInt(eventId) % BigInt(SETTLE_LANES));
const settleJobs = async (db: Db) => (await queuedJobs(db)).filter((j) => j.task_identifier === "settle-webhook-events");
const unsettled = async (db: Db, orderIds: string[]) =>
  db.select().from(webhookEvents).where(and(inArray(webhookEvents.orderId, orderIds), isNull(webhookEvents.settledAt)));

describeWithDatabase("webhook settlement: one pending job per lane", (ctx) => {
  it("N events recorded while their lanes' jobs are pending update those jobs; running them settles all N once", async () => {
    const { accountId, created } = await orders(ctx.db, 11);
    const eventIds = [];
    for (const order of created) eventIds.push(await post(ctx.db, order));
    const jobs = await settleJobs(ctx.db);
    // One pending job per lane, keyed, its payload the lane's latest event, never retried yet.
    expect(jobs.map((j) => j.key).sort()).toEqual(Array.from({ length: SETTLE_LANES }, (_, i) => laneJobKey(i)).sort());
    for (const job of jobs) {
      const lane = Number(job.payload.lane);
      const latest = eventIds.filter((id) => laneOf(id) === lane).at(-1);
      expect(job).toMatchObject({ key: laneJobKey(lane), payload: { eventId: latest, lane }, attempts: 0, max_attempts: SETTLE_JOB_MAX_ATTEMPTS });
    }

    await settleWebhookJobs(ctx);
    expect(await unsettled(ctx.db, created.map((o) => o.id))).toEqual([]);
    const events = await ctx.db.select().from(webhookEvents).where(inArray(webhookEvents.orderId, created.map((o) => o.id)));
    expect(events.every((e) => e.outcome === "paid" && e.settleAttempts === 0)).toBe(true);
    expect(await ctx.db.select().from(ledgerEntries).where(inArray(ledgerEntries.orderId, created.map((o) => o.id)))).toHaveLength(11);
    const issued = await ctx.db.select().from(invoices).where(inArray(invoices.orderId, created.map((o) => o.id))).orderBy(invoices.sequenceNumber);
    expect(issued).toHaveLength(11);
    const numbers = issued.map((i) => i.sequenceNumber);
    expect(numbers).toEqual(Array.from({ length: 11 }, (_, i) => numbers[0]! + i)); // consecutive: no gap
    expect(await settleJobs(ctx.db)).toEqual([]);
    expect(await ledgerInvariant(ctx.db, accountId)).toMatchObject({ balance: 88n, ledgerSum: 88n });
  });

  it("an event recorded while its lane's job runs (locked) gets a new pending job: add_job un-keys the running one", async () => {
    const { created } = await orders(ctx.db, 5);
    const first = await post(ctx.db, created[0]!);
    const lane = laneOf(first);
    // The lane's job is taken by a worker (locked), as graphile-worker's get_job does.
    await ctx.db.execute(sql`update graphile_worker._private_jobs set locked_at = now(), locked_by = 'test-worker' where key = ${laneJobKey(lane)}`);
    let later: string | undefined;
    for (const order of created.slice(1)) {
      const id = await post(ctx.db, order);
      if (laneOf(id) === lane) later = id;
    }
    expect(later).toBeDefined();
    const jobs = (await settleJobs(ctx.db)).filter((j) => j.payload.lane === lane);
    expect(jobs).toHaveLength(2);
    const [running, pending] = jobs as [(typeof jobs)[0], (typeof jobs)[0]];
    expect(running).toMatchObject({ key: null, payload: { eventId: first }, attempts: SETTLE_JOB_MAX_ATTEMPTS }); // never retried
    expect(pending).toMatchObject({ key: laneJobKey(lane), payload: { eventId: later }, attempts: 0 });

    await settleWebhookJobs(ctx); // the running one stays locked (a killed worker's); the new one drains everything
    expect(await unsettled(ctx.db, created.map((o) => o.id))).toEqual([]);
    await ctx.db.execute(sql`delete from graphile_worker._private_jobs where id = ${running.id}::bigint`);
    expect(await settleJobs(ctx.db)).toEqual([]);
  });

  it("a lane job whose event is already settled still drains the rest; at its bound it re-adds its lane's job", async () => {
    const { created } = await orders(ctx.db, 7);
    const eventIds = [];
    for (const order of created) eventIds.push(await post(ctx.db, order));
    await ctx.db.execute(sql`delete from graphile_worker._private_jobs`); // only the calls below settle
    const own = eventIds.at(-1)!;
    expect(await settleWebhookEvent({ db: ctx.db, batchSize: 1 }, own)).toEqual({ ok: true, outcome: "paid" });
    expect(await unsettled(ctx.db, created.map((o) => o.id))).toHaveLength(6);

    // Batches of 2, one batch allowed: two events settle, the job re-adds its lane's job.
    expect(await settleLane({ db: ctx.db, batchSize: 2 }, { eventId: own, lane: laneOf(own), maxBatches: 1 })).toEqual({ settled: 2, failed: 0, requeued: true });
    expect(await settleJobs(ctx.db)).toMatchObject([{ key: laneJobKey(laneOf(own)), payload: { eventId: own, lane: laneOf(own) } }]);
    // The re-added job drains the rest, oldest first, and stops when none is left (nothing re-added).
    await settleWebhookJobs(ctx, { batchSize: 2 });
    expect(await unsettled(ctx.db, created.map((o) => o.id))).toEqual([]);
    expect(await settleJobs(ctx.db)).toEqual([]);
    expect(await settleLane({ db: ctx.db }, { eventId: own, lane: laneOf(own) })).toEqual({ settled: 0, failed: 0, requeued: false });
  });

  it("concurrent drains take disjoint batches: every event settles once, invoice numbers without a gap", async () => {
    const { accountId, created } = await orders(ctx.db, 24);
    for (const order of created) await post(ctx.db, order);
    await ctx.db.execute(sql`delete from graphile_worker._private_jobs`);
    const other = openDatabase(ctx.url, { max: 4 });
    try {
      const results = await Promise.all([
        settleLane({ db: ctx.db, batchSize: 3 }, { eventId: "0", lane: 0 }),
        settleLane({ db: other.db, batchSize: 3 }, { eventId: "0", lane: 1 }),
        settleLane({ db: other.db, batchSize: 3 }, { eventId: "0", lane: 2 }),
      ]);
      expect(results.reduce((n, r) => n + r.settled, 0)).toBe(24);
      expect(results.every((r) => r.failed === 0)).toBe(true);
    } finally {
      await other.close();
    }
    expect(await unsettled(ctx.db, created.map((o) => o.id))).toEqual([]);
    const issued = await ctx.db.select().from(invoices).where(inArray(invoices.orderId, created.map((o) => o.id))).orderBy(invoices.sequenceNumber);
    expect(issued).toHaveLength(24);
    expect(issued.map((i) => i.sequenceNumber)).toEqual(Array.from({ length: 24 }, (_, i) => issued[0]!.sequenceNumber + i));
    const inv = await ledgerInvariant(ctx.db, accountId);
    expect(inv.balance).toBe(inv.ledgerSum);
  });

  it("a drain settles in arrival order: an event that settles alone (not a payment) does not wait behind later payments", async () => {
    const { created } = await orders(ctx.db, 4);
    const ids = [await post(ctx.db, created[0]!)];
    const other = JSON.stringify({ type: "SOME_NEW_WEBHOOK", event_time: "2026-12-01T10:00:00+05:30", data: { n: 1 } });
    expect((await handleWebhook({ db: ctx.db, secret: cf.secret }, { rawBody: other, headers: signedHeaders(other, cf.secret) })).outcome).toBe("queued");
    const [otherEvent] = await ctx.db.select({ id: webhookEvents.id }).from(webhookEvents).where(eq(webhookEvents.eventType, "SOME_NEW_WEBHOOK"));
    ids.push(String(otherEvent!.id));
    for (const order of created.slice(1)) ids.push(await post(ctx.db, order));
    await ctx.db.execute(sql`delete from graphile_worker._private_jobs`);

    expect(await settleLane({ db: ctx.db, batchSize: 10 }, { eventId: ids.at(-1)!, lane: laneOf(ids.at(-1)!) })).toEqual({ settled: 5, failed: 0, requeued: false });
    const rows = await ctx.db.select().from(webhookEvents).where(inArray(webhookEvents.id, ids.map((id) => BigInt(id))));
    const at = new Map(rows.map((r) => [String(r.id), r.settledAt!.getTime()]));
    // Three transactions: the payment before the other event, the other event alone, then the three later payments.
    expect(at.get(ids[0]!)!).toBeLessThan(at.get(ids[1]!)!);
    for (const id of ids.slice(2)) expect(at.get(ids[1]!)!).toBeLessThan(at.get(id)!);
    expect(new Set(ids.slice(2).map((id) => at.get(id))).size).toBe(1);
    expect(rows.find((r) => String(r.id) === ids[1])!.outcome).toBe("ignored_type");
  });

  it("a failing event gets one per-event job of its own, which ends failed after its attempts; the others settle", async () => {
    const { created } = await orders(ctx.db, 9);
    const eventIds = [];
    for (const order of created) eventIds.push(await post(ctx.db, order));
    const badId = eventIds[4]!;
    const settlement = {
      beforeEvent: (event: { id: string }) => {
        if (event.id === badId) throw new Error("injected failure");
      },
    };
    await settleWebhookJobs(ctx, settlement);
    const left = await unsettled(ctx.db, created.map((o) => o.id));
    expect(left.map((e) => String(e.id))).toEqual([badId]);
    let jobs = await settleJobs(ctx.db);
    expect(jobs).toHaveLength(1);
    const own = jobs[0]!;
    expect(own).toMatchObject({ key: null, payload: { eventId: badId }, attempts: 1, max_attempts: SETTLE_JOB_MAX_ATTEMPTS });
    expect(own.last_error).toContain("injected failure");

    // More events in the lanes: their drains may try the bad event again, but it keeps its one job.
    const more = await orders(ctx.db, 3);
    for (const order of more.created) await post(ctx.db, order);
    await settleWebhookJobs(ctx, settlement);
    expect(await unsettled(ctx.db, more.created.map((o) => o.id))).toEqual([]);
    jobs = await settleJobs(ctx.db);
    expect(jobs.map((j) => j.id)).toEqual([own.id]);

    for (let i = 1; i < SETTLE_JOB_MAX_ATTEMPTS; i++) {
      expect(await makeJobsDue(ctx.db)).toBe(1);
      await settleWebhookJobs(ctx, settlement);
    }
    const failed = (await listFailedJobs(ctx.db)).filter((j) => j.task === "settle-webhook-events");
    expect(failed).toMatchObject([{ id: own.id, attempts: SETTLE_JOB_MAX_ATTEMPTS }]);
    // Out of attempts: the sweep and later drains leave it to its failed job (no second job).
    expect(await settlePendingWebhookEvents({ db: ctx.db, now: () => new Date(Date.now() + 60_000), ...settlement })).toEqual({ settled: 0, failed: 0 });
    expect(await settleLane({ db: ctx.db, ...settlement }, { eventId: badId, lane: laneOf(badId) })).toEqual({ settled: 0, failed: 0, requeued: false });
    expect((await settleJobs(ctx.db)).map((j) => j.id)).toEqual([own.id]);
  });
});
