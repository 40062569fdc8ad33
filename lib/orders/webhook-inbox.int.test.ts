import fs from "node:fs";
import path from "node:path";
import { and, eq, inArray, isNull, sql } from "drizzle-orm";
import { afterAll, beforeAll, expect, it } from "vitest";
import type { Db } from "@/lib/db";
import { openDatabase } from "@/lib/db/connect";
import { invoiceCounters, invoices, ledgerEntries, orders, webhookEvents } from "@/lib/db/schema";
import { listFailedJobs } from "@/lib/jobs/list-failed-jobs";
import { retryJob } from "@/lib/jobs/retry-job";
import { describeWithDatabase } from "@/lib/testing/database";
import { createAccount, createBillingProfile, ledgerInvariant } from "@/lib/testing/factories";
import { insertOrder, payInEmulator, paymentWebhookBody, signedHeaders, startTestCashfree, type TestCashfree } from "@/lib/testing/orders";
import { makeJobsDue, queuedJobs, settleWebhookJobs } from "@/lib/testing/run-jobs";
import { createOrder } from "./create-order";
import { handleWebhook } from "./handle-webhook";
import { laneJobKey, settlePendingWebhookEvents, settleWebhookEvent, SETTLE_JOB_MAX_ATTEMPTS, SETTLE_LANES } from "./settle-webhook-events";
import { verifyOrder } from "./verify-order";
import { rowsOf } from "@/lib/db/rows";

let cf: TestCashfree;
beforeAll(async () => {
  cf = await startTestCashfree();
});
afterAll(async () => {
  await cf?.close();
});

async function payingAccount(db: Db) {
  const account = await createAccount(db);
  await createBillingProfile(db, account.accountId);
  return account;
}

/** Posts a signed success webhook for the order; returns the recorded event's id (its settlement job's payload). */
async function post(
  db: Db,
  order: { id: string; credits: bigint },
  cfPaymentId = `pay-${order.id}`,
  status: "SUCCESS" | "FAILED" = "SUCCESS",
  paymentTime?: string,
) {
  const body = paymentWebhookBody({ orderId: order.id, orderAmount: Number(order.credits), cfPaymentId, status, paymentTime });
  const answer = await handleWebhook({ db, secret: cf.secret }, { rawBody: body, headers: signedHeaders(body, cf.secret) });
  return { answer, body };
}

/** The ids of these orders' unsettled events, oldest first (each has a lane job pending: at most SETTLE_LANES jobs). */
async function settleJobEventIds(db: Db, orderIds: string[]): Promise<string[]> {
  const events = await db
    .select({ id: webhookEvents.id })
    .from(webhookEvents)
    .where(and(inArray(webhookEvents.orderId, orderIds), isNull(webhookEvents.settledAt)))
    .orderBy(webhookEvents.id);
  const ids = events.map((e) => String(e.id));
  const lanes = (await queuedJobs(db)).filter((j) => j.task_identifier === "settle-webhook-events" && j.key !== null);
  expect(lanes.length).toBeLessThanOrEqual(SETTLE_LANES);
  for (const id of ids) expect(lanes.some((j) => j.key === laneJobKey(Number(BigInt(id) % BigInt(SETTLE_LANES)))), `event ${id} has its lane's job`).toBe(true);
  return ids;
}

async function grants(db: Db, orderIds: string[]) {
  return db.select().from(ledgerEntries).where(inArray(ledgerEntries.orderId, orderIds));
}

/** A promise and its resolver: lets a test hold a batch at a chosen point (no sleeps). */
function gate() {
  let open!: () => void;
  const opened = new Promise<void>((resolve) => (open = resolve));
  return { open, opened };
}

/** Waits (bounded) until some backend of this database waits on a lock: the racing call is really blocked. */
async function untilSomeoneWaitsOnALock(db: Db): Promise<void> {
  for (let i = 0; i < 500; i++) {
    const [row] = rowsOf<{ n: number }>(
      await db.execute(sql`select count(*)::int as n from pg_stat_activity where datname = current_database() and wait_event_type = 'Lock'`),
    );
    if (row!.n > 0) return;
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
  throw new Error("no backend ever waited on a lock");
}

describeWithDatabase("webhook inbox: batched settlement", (ctx) => {
  it("a batch of k events across accounts takes k consecutive invoice numbers in settlement order, no gap", async () => {
    const accounts = await Promise.all(Array.from({ length: 4 }, () => payingAccount(ctx.db)));
    const created = [];
    for (let i = 0; i < 12; i++) created.push(await insertOrder(ctx.db, { accountId: accounts[i % 4]!.accountId, credits: BigInt(10 + i) }));
    // Paid (Cashfree's payment_time, the time of supply) at the batch's clock: a financial year (3233) of its own.
    const now = new Date("2032-05-01T06:00:00Z");
    for (const order of created) {
      expect((await post(ctx.db, order, undefined, "SUCCESS", "2032-05-01T11:30:00+05:30")).answer).toMatchObject({ duplicate: false, outcome: "queued" });
    }
    expect(await grants(ctx.db, created.map((o) => o.id))).toEqual([]);

    const eventIds = await settleJobEventIds(ctx.db, created.map((o) => o.id));
    expect(eventIds).toHaveLength(12);
    // One job, batch size 5: its own event (the newest here) and the 4 oldest others, one transaction.
    const own = await settleWebhookEvent({ db: ctx.db, now: () => now, batchSize: 5 }, eventIds.at(-1)!);
    expect(own).toEqual({ ok: true, outcome: "paid" });
    const first = await ctx.db.select().from(invoices).where(eq(invoices.financialYear, "3233")).orderBy(invoices.sequenceNumber);
    expect(first.map((i) => i.sequenceNumber)).toEqual([1, 2, 3, 4, 5]);
    expect(first.map((i) => i.orderId).sort()).toEqual([...created.slice(0, 4), created[11]!].map((o) => o.id).sort());
    // Settlement order is account order (the batch's lock order); numbers follow it.
    const accountsInOrder = first.map((i) => i.accountId);
    expect(accountsInOrder).toEqual([...accountsInOrder].sort());
    expect(first.every((i) => i.issuedAt.getTime() === now.getTime())).toBe(true);

    // The remaining jobs settle the rest; every job whose event was already settled does nothing.
    const outcomes = await settleWebhookJobs(ctx, { now: () => now });
    expect([...outcomes.values()].every((o) => o === "paid")).toBe(true);
    const all = await ctx.db.select().from(invoices).where(eq(invoices.financialYear, "3233"));
    expect(all.map((i) => i.sequenceNumber).sort((a, b) => a - b)).toEqual(Array.from({ length: 12 }, (_, i) => i + 1));
    expect(new Set(all.map((i) => i.orderId)).size).toBe(12);
    const [counter] = await ctx.db.select().from(invoiceCounters).where(eq(invoiceCounters.financialYear, "3233"));
    expect(counter!.lastNumber).toBe(12);
    const paid = await ctx.db.select().from(orders).where(inArray(orders.id, created.map((o) => o.id)));
    expect(paid.every((o) => o.status === "PAID" && o.paidAt?.getTime() === now.getTime())).toBe(true);
    expect(await grants(ctx.db, created.map((o) => o.id))).toHaveLength(12);
    expect(await ctx.db.select().from(webhookEvents).where(isNull(webhookEvents.settledAt))).toEqual([]);
    for (const a of accounts) expect((await ledgerInvariant(ctx.db, a.accountId)).balance).toBe((await ledgerInvariant(ctx.db, a.accountId)).ledgerSum);
  });

  it("a mixed batch: plain top-ups settle together (running balances chained per account), the rest by the rules", async () => {
    const [a, b] = [await payingAccount(ctx.db), await payingAccount(ctx.db)];
    // Opening balances, so the batch's running balances start above zero.
    const opening = await insertOrder(ctx.db, { accountId: a.accountId, credits: 100n });
    await post(ctx.db, opening);
    await settleWebhookJobs(ctx);
    const plain = [
      await insertOrder(ctx.db, { accountId: a.accountId, credits: 7n }),
      await insertOrder(ctx.db, { accountId: b.accountId, credits: 20n }),
      await insertOrder(ctx.db, { accountId: a.accountId, credits: 5n }),
      await insertOrder(ctx.db, { accountId: a.accountId, credits: 3n }),
    ];
    const mismatch = await insertOrder(ctx.db, { accountId: b.accountId, credits: 9n });
    const failed = await insertOrder(ctx.db, { accountId: a.accountId, credits: 4n });
    for (const order of plain) await post(ctx.db, order);
    await post(ctx.db, plain[0]!, "second-payment"); // a second successful payment of a plain top-up in the same batch
    await post(ctx.db, { id: mismatch.id, credits: 8n }); // paid ₹8 for a ₹9 order
    await post(ctx.db, failed, `pay-${failed.id}`, "FAILED");
    const ids = [...plain, mismatch, failed].map((o) => o.id);
    const eventIds = await settleJobEventIds(ctx.db, ids);
    expect(eventIds).toHaveLength(7);

    expect(await settleWebhookEvent({ db: ctx.db, batchSize: 50 }, eventIds[0]!)).toEqual({ ok: true, outcome: "paid" });
    const events = await ctx.db.select().from(webhookEvents).where(inArray(webhookEvents.orderId, ids));
    expect(events.every((e) => e.settledAt !== null && e.settleAttempts === 0)).toBe(true);
    expect(events.map((e) => e.outcome).sort()).toEqual(["amount_mismatch_flagged", "duplicate_payment_flagged", "marked_failed", "paid", "paid", "paid", "paid"]);

    const entries = await ctx.db.select().from(ledgerEntries).where(inArray(ledgerEntries.accountId, [a.accountId, b.accountId])).orderBy(ledgerEntries.id);
    for (const accountId of [a.accountId, b.accountId]) {
      let running = 0n;
      for (const e of entries.filter((x) => x.accountId === accountId)) {
        running += e.amountCredits;
        expect(e.balanceAfterCredits, `ledger entry ${e.id} chains`).toBe(running);
      }
    }
    expect(await ledgerInvariant(ctx.db, a.accountId)).toMatchObject({ balance: 115n, ledgerSum: 115n });
    expect(await ledgerInvariant(ctx.db, b.accountId)).toMatchObject({ balance: 20n, ledgerSum: 20n });
    expect(await grants(ctx.db, ids)).toHaveLength(4);
    const rows = await ctx.db.select().from(orders).where(inArray(orders.id, ids));
    const byId = new Map(rows.map((o) => [o.id, o]));
    for (const o of plain) expect(byId.get(o.id)).toMatchObject({ status: "PAID", cfPaymentId: `pay-${o.id}`, paidAmountPaise: o.credits * 100n });
    expect(byId.get(plain[0]!.id)!.reviewReason).toMatch(/duplicate_payment: cf_payment_id second-payment/);
    expect(byId.get(mismatch.id)).toMatchObject({ status: "ACTIVE", flaggedForReview: true });
    expect(byId.get(failed.id)!.status).toBe("FAILED");
    const issued = await ctx.db.select().from(invoices).where(inArray(invoices.orderId, ids));
    expect(issued.map((i) => i.orderId).sort()).toEqual(plain.map((o) => o.id).sort());
  });

  it("duplicate, concurrent and out-of-order deliveries, settled by two workers at once, change nothing twice", async () => {
    const accounts = await Promise.all(Array.from({ length: 3 }, () => payingAccount(ctx.db)));
    const created = [];
    for (let i = 0; i < 9; i++) created.push(await insertOrder(ctx.db, { accountId: accounts[i % 3]!.accountId, credits: 7n }));
    const ids = created.map((o) => o.id);
    // Out of order: a failure of another attempt arrives first; then the success three times at once; and for
    // every order a second, different successful payment (a double payment), which must never be granted.
    for (const order of created) await post(ctx.db, order, `fail-${order.id}`, "FAILED");
    const paidAt = "2033-05-01T11:30:00+05:30"; // the time of supply: financial year 3334
    const copies = await Promise.all(
      created.flatMap((order) => [1, 2, 3].map(() => post(ctx.db, order, undefined, "SUCCESS", paidAt))),
    );
    expect(copies.filter((c) => !c.answer.duplicate)).toHaveLength(9);
    expect(copies.filter((c) => c.answer.duplicate).every((c) => c.answer.outcome === "duplicate")).toBe(true);
    for (const order of created) await post(ctx.db, order, `second-${order.id}`, "SUCCESS", paidAt);

    const now = new Date("2033-05-01T06:00:00Z");
    const eventIds = await settleJobEventIds(ctx.db, ids);
    expect(eventIds).toHaveLength(27);
    // Two workers, two concurrent batch transactions, overlapping orders and accounts.
    const worker = openDatabase(ctx.url, { max: 4 });
    try {
      const results = await Promise.all([
        settleWebhookEvent({ db: ctx.db, now: () => now, batchSize: 10 }, eventIds[0]!),
        settleWebhookEvent({ db: worker.db, now: () => now, batchSize: 10 }, eventIds[26]!),
        settleWebhookEvent({ db: worker.db, now: () => now, batchSize: 10 }, eventIds[13]!),
      ]);
      expect(results.every((r) => r === null || r.ok)).toBe(true);
    } finally {
      await worker.close();
    }
    await settleWebhookJobs(ctx, { now: () => now });

    expect(await ctx.db.select().from(webhookEvents).where(isNull(webhookEvents.settledAt))).toEqual([]);
    const events = await ctx.db.select().from(webhookEvents).where(inArray(webhookEvents.orderId, ids));
    expect(events).toHaveLength(27);
    expect(events.filter((e) => e.outcome === "paid")).toHaveLength(9);
    // No event failed on the way (a deadlock between the batches would have rolled one back to its savepoint).
    expect(events.filter((e) => e.settleAttempts > 0 || e.lastError !== null)).toEqual([]);
    const rows = await ctx.db.select().from(orders).where(inArray(orders.id, ids));
    for (const row of rows) {
      // Concurrent batches may settle either successful payment first: that one is credited, the other flagged.
      const [winner, loser] = row.cfPaymentId === `pay-${row.id}` ? [`pay-${row.id}`, `second-${row.id}`] : [`second-${row.id}`, `pay-${row.id}`];
      expect(row).toMatchObject({ status: "PAID", cfPaymentId: winner, flaggedForReview: true });
      expect(row.reviewReason).toContain(`duplicate_payment: cf_payment_id ${loser}`);
    }
    expect(await grants(ctx.db, ids)).toHaveLength(9);
    const issued = await ctx.db.select().from(invoices).where(eq(invoices.financialYear, "3334"));
    expect(issued.map((i) => i.sequenceNumber).sort((a, b) => a - b)).toEqual(Array.from({ length: 9 }, (_, i) => i + 1));
    for (const a of accounts) {
      const inv = await ledgerInvariant(ctx.db, a.accountId);
      expect(inv).toMatchObject({ balance: 21n, ledgerSum: 21n });
    }
  });

  it("a poisoned event does not block its batch, is retried with backoff, and out of attempts is a failed job until retried", async () => {
    const { accountId } = await payingAccount(ctx.db);
    const [good1, bad, good2] = [await insertOrder(ctx.db, { accountId, credits: 5n }), await insertOrder(ctx.db, { accountId, credits: 6n }), await insertOrder(ctx.db, { accountId, credits: 7n })];
    for (const order of [good1!, bad!, good2!]) await post(ctx.db, order);
    const badKey = `PAYMENT_SUCCESS_WEBHOOK:${bad!.id}:pay-${bad!.id}:SUCCESS`;
    let poisoned = true;
    const settlement = {
      beforeEvent: (event: { eventKey: string }) => {
        if (poisoned && event.eventKey === badKey) throw new Error("order lookup failed (injected)");
      },
    };

    await settleWebhookJobs(ctx, settlement);
    const byOrder = async () => Object.fromEntries((await ctx.db.select().from(webhookEvents).where(inArray(webhookEvents.orderId, [good1!.id, bad!.id, good2!.id]))).map((e) => [e.orderId, e]));
    let events = await byOrder();
    expect(events[good1!.id]).toMatchObject({ outcome: "paid" });
    expect(events[good2!.id]).toMatchObject({ outcome: "paid" });
    expect(events[bad!.id]).toMatchObject({ settledAt: null, outcome: null, lastError: "order lookup failed (injected)" });
    expect(events[bad!.id]!.settleAttempts).toBeGreaterThanOrEqual(1);
    expect((await ctx.db.select().from(orders).where(eq(orders.id, bad!.id)))[0]!.status).toBe("ACTIVE");
    expect(await grants(ctx.db, [good1!.id, good2!.id])).toHaveLength(2);
    // The lane jobs completed; the bad event got its own per-event job (no key, no lane), already tried once.
    const settleJobs = (await queuedJobs(ctx.db)).filter((j) => j.task_identifier === "settle-webhook-events");
    expect(settleJobs).toHaveLength(1);
    const job = settleJobs[0]!;
    expect(job).toMatchObject({ key: null, payload: { eventId: String(events[bad!.id]!.id) }, attempts: 1, max_attempts: SETTLE_JOB_MAX_ATTEMPTS });
    expect(job.last_error).toContain("order lookup failed (injected)");
    expect(job.run_at.getTime()).toBeGreaterThan(Date.now()); // graphile-worker's backoff

    for (let i = 1; i < SETTLE_JOB_MAX_ATTEMPTS; i++) {
      expect(await makeJobsDue(ctx.db)).toBe(1);
      await settleWebhookJobs(ctx, settlement);
    }
    const failed = await listFailedJobs(ctx.db);
    const shown = failed.find((j) => j.id === job.id);
    expect(shown).toMatchObject({ task: "settle-webhook-events", attempts: SETTLE_JOB_MAX_ATTEMPTS });
    // The sweep leaves an event that is out of attempts to its failed job.
    expect(await settlePendingWebhookEvents({ db: ctx.db, now: () => new Date(Date.now() + 60_000), ...settlement })).toEqual({ settled: 0, failed: 0 });

    // The cause is fixed; the operator retries the job: the event settles, once.
    poisoned = false;
    await retryJob(ctx.db, job.id);
    await settleWebhookJobs(ctx, settlement);
    events = await byOrder();
    expect(events[bad!.id]).toMatchObject({ outcome: "paid" });
    expect(events[bad!.id]!.settledAt).toBeInstanceOf(Date);
    expect(await grants(ctx.db, [good1!.id, bad!.id, good2!.id])).toHaveLength(3);
    expect(await ledgerInvariant(ctx.db, accountId)).toMatchObject({ balance: 18n, ledgerSum: 18n });
    expect((await listFailedJobs(ctx.db)).find((j) => j.id === job.id)).toBeUndefined();
  });

  it("a worker dying mid-batch (connection terminated before COMMIT) settles nothing; the sweep then settles each event once", async () => {
    const { accountId } = await payingAccount(ctx.db);
    const created = [await insertOrder(ctx.db, { accountId, credits: 11n }), await insertOrder(ctx.db, { accountId, credits: 12n }), await insertOrder(ctx.db, { accountId, credits: 13n })];
    for (const order of created) await post(ctx.db, order);
    const ids = created.map((o) => o.id);
    const eventIds = await settleJobEventIds(ctx.db, ids);
    const [countersBefore] = rowsOf<{ n: number }>(await ctx.db.execute(sql`select coalesce(sum(last_number), 0)::int as n from invoice_counters`));

    const doomed = openDatabase(ctx.url, { max: 2 });
    doomed.pool.on("connect", (client) => client.on("error", () => {})); // the killed connection's error
    const reached = gate();
    const hold = gate();
    let pid = 0;
    let seen = 0;
    const dying = settleWebhookEvent(
      {
        db: doomed.db,
        beforeEvent: async (_event, tx) => {
          if (++seen !== 2) return; // the first order is already paid inside this transaction
          pid = rowsOf<{ pid: number }>(await tx.execute(sql`select pg_backend_pid() as pid`))[0]!.pid;
          reached.open();
          await hold.opened;
        },
      },
      eventIds[0]!,
    ).then(
      () => null,
      (error: unknown) => error,
    );
    await reached.opened;
    await ctx.db.execute(sql`select pg_terminate_backend(${pid}::int)`);
    hold.open();
    expect(await dying).toBeInstanceOf(Error);
    await doomed.close();

    const unsettled = await ctx.db.select().from(webhookEvents).where(and(inArray(webhookEvents.orderId, ids), isNull(webhookEvents.settledAt)));
    expect(unsettled).toHaveLength(3);
    expect(unsettled.every((e) => e.settleAttempts === 0)).toBe(true);
    expect(await grants(ctx.db, ids)).toEqual([]);
    expect(await ctx.db.select().from(invoices).where(inArray(invoices.orderId, ids))).toEqual([]);
    const [countersAfter] = rowsOf<{ n: number }>(await ctx.db.execute(sql`select coalesce(sum(last_number), 0)::int as n from invoice_counters`));
    expect(countersAfter!.n).toBe(countersBefore!.n);

    // The minute's sweep (its jobs still queued here, as a killed worker's stay locked) settles all three.
    expect(await settlePendingWebhookEvents({ db: ctx.db, now: () => new Date(Date.now() + 60_000) })).toEqual({ settled: 3, failed: 0 });
    await settleWebhookJobs(ctx);
    expect(await grants(ctx.db, ids)).toHaveLength(3);
    const issued = await ctx.db.select().from(invoices).where(inArray(invoices.orderId, ids));
    expect(issued).toHaveLength(3);
    expect(await ledgerInvariant(ctx.db, accountId)).toMatchObject({ balance: 36n, ledgerSum: 36n });
  });

  it("verify racing a batch: it waits on the order's lock, then reports PAID with the batch's invoice; one grant", async () => {
    const { accountId, ownerId } = await payingAccount(ctx.db);
    const deps = { db: ctx.db, cashfree: cf.client };
    const first = await createOrder(deps, { accountId, userId: ownerId, request: { type: "credit_topup", credits: 300 } });
    const second = await insertOrder(ctx.db, { accountId, credits: 4n });
    const paid = await payInEmulator(cf, first.order_id, "success");
    const rawBody = paid.webhook!.raw_body;
    expect((await handleWebhook({ db: ctx.db, secret: cf.secret }, { rawBody, headers: signedHeaders(rawBody, cf.secret) })).outcome).toBe("queued");
    await post(ctx.db, second);
    const [ownId] = await settleJobEventIds(ctx.db, [first.order_id, second.id]);

    const reached = gate();
    const hold = gate();
    let seen = 0;
    const batch = settleWebhookEvent(
      {
        db: ctx.db,
        beforeEvent: async () => {
          if (++seen !== 2) return; // the first order is PAID in the batch, not yet committed
          reached.open();
          await hold.opened;
        },
      },
      ownId!,
    );
    await reached.opened;
    const verifying = verifyOrder(deps, { accountId, orderId: first.order_id });
    await untilSomeoneWaitsOnALock(ctx.db);
    hold.open();
    expect(await batch).toEqual({ ok: true, outcome: "paid" });
    const view = await verifying;
    const [invoice] = await ctx.db.select().from(invoices).where(eq(invoices.orderId, first.order_id));
    expect(view).toMatchObject({ status: "paid", invoice_number: invoice!.invoiceNumber });
    expect(await grants(ctx.db, [first.order_id])).toHaveLength(1);
    expect(await ctx.db.select().from(invoices).where(eq(invoices.orderId, first.order_id))).toHaveLength(1);
    expect(await ledgerInvariant(ctx.db, accountId)).toMatchObject({ balance: 304n, ledgerSum: 304n });
  });

  it("the migration counts events recorded before the inbox as settled, at their receipt time", async () => {
    const receivedAt = new Date("2026-01-02T03:04:05Z");
    const [old] = await ctx.db
      .insert(webhookEvents)
      .values({ eventKey: "pre-inbox:1", eventType: "PAYMENT_SUCCESS_WEBHOOK", outcome: "paid", payload: {}, receivedAt })
      .returning();
    expect(old!.settledAt).toBeNull();
    await ctx.db.execute(sql.raw(fs.readFileSync(path.join(process.cwd(), "drizzle/0009_webhook_inbox_backfill.sql"), "utf8")));
    const [after] = await ctx.db.select().from(webhookEvents).where(eq(webhookEvents.id, old!.id));
    expect(after!.settledAt).toEqual(receivedAt);
    // Nothing is left for the sweep.
    expect(await settlePendingWebhookEvents({ db: ctx.db, now: () => new Date(Date.now() + 60_000) })).toEqual({ settled: 0, failed: 0 });
  });
});
