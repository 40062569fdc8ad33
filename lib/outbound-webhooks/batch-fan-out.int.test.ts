/**
 * A settlement batch's events fan out through ONE `fan-out-webhook-events` job: one delivery (and its first
 * attempt's job) per subscribed endpoint, mails for the events that mean one, nothing twice when it runs again.
 * Where the batch fails, each event gets its own job, so the good ones go out and the bad one fails visibly. The
 * safety net leaves events a pending batch job names alone and takes those whose job is gone.
 */
import { eq, inArray, sql } from "drizzle-orm";
import { beforeEach, expect, it } from "vitest";
import { emails, outboxEvents, webhookDeliveries } from "@/lib/db/schema";
import { listFailedJobs } from "@/lib/jobs/list-failed-jobs";
import { runJobsOnceWith } from "@/lib/jobs/start-worker";
import { fanOutWebhookEventTask } from "@/lib/jobs/tasks/fan-out-webhook-event";
import { fanOutWebhookEventsTask } from "@/lib/jobs/tasks/fan-out-webhook-events";
import { describeWithDatabase, type DatabaseContext } from "@/lib/testing/database";
import { createAccount } from "@/lib/testing/factories";
import { makeJobsDue, queuedJobs } from "@/lib/testing/run-jobs";
import { createWebhookEndpoint } from "./create-webhook-endpoint";
import { enqueueFanOuts } from "./delivery-jobs";
import { outboxRow, type EnqueueEventInput } from "./enqueue-event";
import { enqueuePendingFanOuts } from "./fan-out-event";

const policy = { allowLoopback: true };

/** Runs only the fan-out jobs due now (deliveries and mails stay queued, to be counted). */
const runFanOuts = (ctx: DatabaseContext) =>
  runJobsOnceWith(ctx.url, { "fan-out-webhook-events": fanOutWebhookEventsTask({ db: ctx.db }), "fan-out-webhook-event": fanOutWebhookEventTask({ db: ctx.db }) });

/** Outbox rows written as a settlement batch writes them, with the batch's one fan-out job. */
async function writeBatch(ctx: DatabaseContext, inputs: EnqueueEventInput[]): Promise<string[]> {
  const rows = inputs.map(outboxRow);
  await ctx.db.transaction(async (tx) => {
    await enqueueFanOuts(tx, rows.map((r) => r.id));
    await tx.insert(outboxEvents).values(rows);
  });
  return rows.map((r) => r.id);
}

describeWithDatabase("batched fan-out", (ctx) => {
  beforeEach(async () => {
    await ctx.db.execute(sql`delete from graphile_worker._private_jobs`);
  });

  async function twoAccounts() {
    const a = await createAccount(ctx.db);
    const b = await createAccount(ctx.db);
    const url = "http://127.0.0.1:9/hook";
    const all = await createWebhookEndpoint(ctx.db, { accountId: a.accountId, url, policy });
    const invoicesOnly = await createWebhookEndpoint(ctx.db, { accountId: a.accountId, url, events: ["invoice.created"], policy });
    const other = await createWebhookEndpoint(ctx.db, { accountId: b.accountId, url, policy });
    return { a, b, endpoints: { all: all.endpoint.id, invoicesOnly: invoicesOnly.endpoint.id, other: other.endpoint.id } };
  }

  it("one job for the batch: a delivery per subscribed endpoint, each with its first attempt queued, mails where due; again, nothing", async () => {
    const { a, b, endpoints } = await twoAccounts();
    const ids = await writeBatch(ctx, [
      { accountId: a.accountId, type: "invoice.created", causeKey: `invoice:${a.accountId}:1`, payload: { amount: 100, currency: "INR", status: "issued" } },
      { accountId: a.accountId, type: "payment.completed", causeKey: `payment:${a.accountId}:1`, payload: { amount: 100, currency: "INR", status: "completed" } },
      { accountId: b.accountId, type: "credits.low", causeKey: `credits.low:${b.accountId}:1`, payload: { amount: 5, currency: "INR", status: "low", balance_credits: 5, threshold_credits: 10 } },
    ]);
    const jobs = await queuedJobs(ctx.db);
    expect(jobs.map((j) => [j.task_identifier, j.payload])).toEqual([["fan-out-webhook-events", { eventIds: ids }]]);

    await runFanOuts(ctx);
    const deliveries = await ctx.db.select().from(webhookDeliveries).where(inArray(webhookDeliveries.eventId, ids));
    const pairs = deliveries.map((d) => `${d.endpointId}>${d.eventId}`).sort();
    expect(pairs).toEqual(
      [`${endpoints.all}>${ids[0]}`, `${endpoints.invoicesOnly}>${ids[0]}`, `${endpoints.all}>${ids[1]}`, `${endpoints.other}>${ids[2]}`].sort(),
    );
    const queued = await queuedJobs(ctx.db);
    expect(queued.filter((j) => j.task_identifier === "deliver-webhook").map((j) => j.payload).sort((x, y) => String(x.deliveryId).localeCompare(String(y.deliveryId)))).toEqual(
      deliveries.map((d) => ({ deliveryId: d.id, attempt: 1 })).sort((x, y) => x.deliveryId.localeCompare(y.deliveryId)),
    );
    const fanned = await ctx.db.select({ id: outboxEvents.id, at: outboxEvents.fannedOutAt }).from(outboxEvents).where(inArray(outboxEvents.id, ids));
    expect(fanned.every((e) => e.at instanceof Date)).toBe(true);
    // credits.low mails account b's owner; invoice.created and payment.completed mail nobody here.
    const mails = await ctx.db.select({ template: emails.template, dedupeKey: emails.dedupeKey }).from(emails).where(sql`${emails.dedupeKey} like ${"%" + ids[2]! + "%"}`);
    expect(mails).toEqual([expect.objectContaining({ template: "low-balance" })]);
    const mailsBefore = (await ctx.db.select({ id: emails.id }).from(emails)).length;

    // The same batch job again (a retry after a lost connection): nothing new.
    await ctx.db.transaction((tx) => enqueueFanOuts(tx, ids));
    await runFanOuts(ctx);
    expect(await ctx.db.select().from(webhookDeliveries).where(inArray(webhookDeliveries.eventId, ids))).toHaveLength(4);
    expect((await ctx.db.select({ id: emails.id }).from(emails)).length).toBe(mailsBefore);
    expect((await queuedJobs(ctx.db)).filter((j) => j.task_identifier === "deliver-webhook")).toHaveLength(4);
  });

  it("a batch that fails hands each event its own job: the good ones fan out, the bad one retries and ends failed", async () => {
    const { a, endpoints } = await twoAccounts();
    const ids = await writeBatch(ctx, [1, 2, 3].map((n) => ({ accountId: a.accountId, type: "payment.completed" as const, causeKey: `payment:${a.accountId}:f${n}`, payload: { amount: n, currency: "INR", status: "completed" } })));
    const bad = ids[1]!;
    await ctx.db.execute(sql.raw(`
      create or replace function test_refuse_delivery() returns trigger language plpgsql as $$
      begin if new.event_id = '${bad}' then raise exception 'endpoint store down for ${bad}'; end if; return new; end $$;
      create trigger test_refuse_delivery before insert on webhook_deliveries for each row execute function test_refuse_delivery();`));
    try {
      await runFanOuts(ctx);
      const deliveries = await ctx.db.select().from(webhookDeliveries).where(inArray(webhookDeliveries.eventId, ids));
      expect(deliveries.map((d) => d.eventId).sort()).toEqual([ids[0], ids[2]].sort());
      expect(deliveries.every((d) => d.endpointId === endpoints.all)).toBe(true);
      const [pending] = await ctx.db.select({ at: outboxEvents.fannedOutAt }).from(outboxEvents).where(eq(outboxEvents.id, bad));
      expect(pending!.at).toBeNull();
      for (let attempt = 0; attempt < 30 && (await makeJobsDue(ctx.db)) > 0; attempt++) await runFanOuts(ctx);
      expect(await listFailedJobs(ctx.db)).toEqual([
        expect.objectContaining({ task: "fan-out-webhook-event", key: `fan-out-webhook-event:${bad}`, attempts: 25, last_error: expect.stringContaining("insert into webhook_deliveries") }),
      ]);
    } finally {
      await ctx.db.execute(sql`drop trigger test_refuse_delivery on webhook_deliveries; drop function test_refuse_delivery()`);
    }
    // Retried from /operator/jobs once the cause is gone: the event goes out.
    await ctx.db.execute(sql`update graphile_worker._private_jobs set attempts = 0, run_at = now()`);
    await runFanOuts(ctx);
    expect(await ctx.db.select().from(webhookDeliveries).where(eq(webhookDeliveries.eventId, bad))).toHaveLength(1);
  });

  it("the safety net leaves events a pending batch job names alone, and queues those whose job is gone", async () => {
    const { a } = await twoAccounts();
    const ids = await writeBatch(ctx, [1, 2].map((n) => ({ accountId: a.accountId, type: "payment.completed" as const, causeKey: `payment:${a.accountId}:s${n}`, payload: { amount: n, currency: "INR", status: "completed" } })));
    await ctx.db.update(outboxEvents).set({ createdAt: new Date(Date.now() - 10 * 60_000) }).where(inArray(outboxEvents.id, ids));
    expect(await enqueuePendingFanOuts(ctx.db)).toEqual({ queued: 0 });

    await ctx.db.execute(sql`delete from graphile_worker._private_jobs`);
    expect(await enqueuePendingFanOuts(ctx.db)).toEqual({ queued: 2 });
    expect((await queuedJobs(ctx.db)).map((j) => j.key).sort()).toEqual(ids.map((id) => `fan-out-webhook-event:${id}`).sort());
    await runFanOuts(ctx);
    expect(await ctx.db.select().from(webhookDeliveries).where(inArray(webhookDeliveries.eventId, ids))).toHaveLength(2);
  });
});
