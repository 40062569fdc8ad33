/**
 * The job runner itself: a job that keeps failing ends failed and visible, the operator retry runs it again
 * (service and route), and the crontab purges delete what has expired. Real Postgres only (graphile-worker).
 */
import { sql } from "drizzle-orm";
import { beforeEach, expect, it, vi } from "vitest";
import type { Db } from "@/lib/db";
import { rowsOf } from "@/lib/db/rows";
import { idempotencyKeys, outboxEvents, rateLimitBuckets } from "@/lib/db/schema";
import { newId } from "@/lib/ids";
import { describeWithDatabase } from "@/lib/testing/database";
import { createAccount, createUser } from "@/lib/testing/factories";
import { drainJobs, makeJobsDue, queuedJobs } from "@/lib/testing/run-jobs";
import { enqueueJob } from "./enqueue-job";
import { listFailedJobs } from "./list-failed-jobs";
import { retryJob } from "./retry-job";
import { startWorker } from "./start-worker";

const session = vi.hoisted(() => ({ userId: null as string | null, db: null as unknown }));
vi.mock("@/lib/auth/auth", async () => {
  const { mockedCurrentSession } = await import("@/lib/testing/sessions");
  return { currentSession: mockedCurrentSession(session), currentUserId: async () => session.userId };
});
vi.mock("next/headers", () => ({ cookies: async () => ({ get: () => undefined }) }));
vi.mock("@/lib/db", async (importOriginal) => ({
  ...(await importOriginal<typeof import("@/lib/db")>()),
  getDb: async () => session.db,
}));

const { POST: retryRoute } = await import("@/app/api/v1/admin/jobs/[job_id]/retry/route");

const ORIGIN = "http://localhost:3000";
async function callRetry(jobId: string) {
  const request = new Request(`${ORIGIN}/api/v1/admin/jobs/${jobId}/retry`, { method: "POST", headers: { origin: ORIGIN } });
  const response = await retryRoute(request, { params: Promise.resolve({ job_id: jobId }) } as never);
  return { status: response.status, body: (await response.json()) as Record<string, any> }; // eslint-disable-line @typescript-eslint/no-explicit-any
}

describeWithDatabase("job runner", (ctx) => {
  beforeEach(async () => {
    session.db = ctx.db as Db;
    session.userId = null;
    await ctx.db.execute(sql`delete from graphile_worker._private_jobs`);
  });

  it("a job that keeps failing ends failed with its error; the operator retry runs it again", async () => {
    let broken = true;
    let runs = 0;
    const tasks = {
      "test-flaky": async () => {
        runs++;
        if (broken) throw new Error("receiver database unreachable");
      },
    };
    const [added] = rowsOf<{ id: string }>(await ctx.db.execute(sql`select id::text from graphile_worker.add_job('test-flaky', '{}'::json, max_attempts => 2, job_key => 'test-flaky:1')`));
    const jobId = added!.id;

    await drainJobs(ctx, { tasks });
    expect(runs).toBe(1);
    expect(await listFailedJobs(ctx.db)).toEqual([]); // one attempt left: graphile-worker's backoff holds it
    const [waiting] = await queuedJobs(ctx.db);
    expect(waiting).toMatchObject({ attempts: 1, max_attempts: 2, last_error: expect.stringContaining("receiver database unreachable") });
    await expect(retryJob(ctx.db, jobId)).rejects.toMatchObject({ code: "job_not_failed" });

    await makeJobsDue(ctx.db);
    await drainJobs(ctx, { tasks });
    await makeJobsDue(ctx.db);
    await drainJobs(ctx, { tasks }); // out of attempts: nothing runs it
    expect(runs).toBe(2);
    const failed = await listFailedJobs(ctx.db);
    expect(failed).toEqual([
      expect.objectContaining({ id: jobId, task: "test-flaky", key: "test-flaky:1", attempts: 2, max_attempts: 2, last_error: expect.stringContaining("receiver database unreachable") }),
    ]);

    broken = false;
    const retried = await retryJob(ctx.db, jobId);
    expect(retried).toMatchObject({ id: jobId, attempts: 0 });
    await drainJobs(ctx, { tasks });
    expect(runs).toBe(3);
    expect(await queuedJobs(ctx.db)).toEqual([]); // succeeded: graphile-worker deletes completed jobs
    await expect(retryJob(ctx.db, jobId)).rejects.toMatchObject({ code: "not_found" });
  });

  it("POST /api/v1/admin/jobs/:job_id/retry: operators only; malformed or unknown id → 404, not failed → 409, failed → 202", async () => {
    const operator = await createUser(ctx.db, { isOperator: true });
    const { ownerId } = await createAccount(ctx.db);
    const [failed] = rowsOf<{ id: string }>(await ctx.db.execute(sql`select id::text from graphile_worker.add_job('test-dead', '{}'::json, max_attempts => 1)`));
    await ctx.db.execute(sql`update graphile_worker._private_jobs set attempts = 1, last_error = 'boom' where id = ${failed!.id}::bigint`);
    const [waiting] = rowsOf<{ id: string }>(await ctx.db.execute(sql`select id::text from graphile_worker.add_job('test-later', '{}'::json, run_at => now() + interval '1 day')`));

    expect(await callRetry(failed!.id)).toMatchObject({ status: 401, body: { error: { code: "unauthorized" } } });
    session.userId = ownerId;
    expect(await callRetry(failed!.id)).toMatchObject({ status: 403, body: { error: { code: "insufficient_permissions" } } });

    session.userId = operator.id;
    expect(await callRetry("abc")).toMatchObject({ status: 404, body: { success: false } }); // the wrapper's rule for malformed path ids
    expect(await callRetry("99999999999")).toMatchObject({ status: 404, body: { error: { code: "not_found" } } });
    expect(await callRetry(waiting!.id)).toMatchObject({ status: 409, body: { error: { code: "job_not_failed" } } });
    const ok = await callRetry(failed!.id);
    expect(ok).toMatchObject({ status: 202, body: { job: { id: failed!.id, task: "test-dead", attempts: 0, max_attempts: 1 } } });
    expect(await listFailedJobs(ctx.db)).toEqual([]);
  });

  it("enqueueJob commits and rolls back with the caller's transaction", async () => {
    await ctx.db
      .transaction(async (tx) => {
        await enqueueJob(tx, "purge-rate-limit-buckets", {}, { jobKey: "tx-test" });
        tx.rollback();
      })
      .catch(() => {});
    expect(await queuedJobs(ctx.db)).toEqual([]);
    const runAt = new Date(Date.now() + 86_400_000);
    await ctx.db.transaction((tx) => enqueueJob(tx, "purge-rate-limit-buckets", {}, { jobKey: "tx-test", runAt, maxAttempts: 3 }));
    expect(await queuedJobs(ctx.db)).toEqual([expect.objectContaining({ task_identifier: "purge-rate-limit-buckets", key: "tx-test", max_attempts: 3, run_at: runAt })]);
  });

  it("the purge jobs delete expired rate-limit buckets and idempotency keys, and nothing else (idempotent)", async () => {
    const tag = newId("t");
    await ctx.db.insert(rateLimitBuckets).values([
      { key: `${tag}:old`, points: 1, expiresAt: sql`now() - interval '10 minutes'` },
      { key: `${tag}:live`, points: 1, expiresAt: sql`now() + interval '1 minute'` },
    ]);
    const key = { requestHash: "h", state: "done" as const, responseStatus: 200, responseText: "{}", responseHeaders: {} };
    await ctx.db.insert(idempotencyKeys).values([
      { scope: tag, key: "old", ...key, expiresAt: sql`now() - interval '1 second'` },
      { scope: tag, key: "live", ...key, expiresAt: sql`now() + interval '1 hour'` },
    ]);
    for (let round = 0; round < 2; round++) {
      await ctx.db.transaction(async (tx) => {
        await enqueueJob(tx, "purge-rate-limit-buckets", {});
        await enqueueJob(tx, "purge-idempotency-keys", {});
      });
      await drainJobs(ctx);
      expect(await queuedJobs(ctx.db)).toEqual([]);
      const buckets = rowsOf<{ key: string }>(await ctx.db.execute(sql`select key from rate_limit_buckets where key like ${`${tag}:%`} order by key`));
      expect(buckets.map((b) => b.key)).toEqual([`${tag}:live`]);
      const keys = rowsOf<{ key: string }>(await ctx.db.execute(sql`select key from idempotency_keys where scope = ${tag}`));
      expect(keys.map((k) => k.key)).toEqual(["live"]);
    }
  });

  it("the safety net queues a fan-out for an outbox event left without one", async () => {
    const { accountId } = await createAccount(ctx.db);
    const id = newId("evt");
    // Written as before the job runner existed: no fan-out job.
    await ctx.db.insert(outboxEvents).values({ id, accountId, eventType: "credits.low", causeKey: `legacy:${id}`, payload: {}, createdAt: sql`now() - interval '1 hour'` });
    await ctx.db.transaction((tx) => enqueueJob(tx, "enqueue-pending-fan-outs", {}));
    await drainJobs(ctx);
    const [row] = rowsOf<{ fanned_out_at: string | null }>(await ctx.db.execute(sql`select fanned_out_at from outbox_events where id = ${id}`));
    expect(row!.fanned_out_at).not.toBeNull();
  });

  it("a started runner registers the crontab schedules and stops cleanly", async () => {
    const worker = await startWorker({ connectionString: ctx.url, db: ctx.db, concurrency: 1 });
    await worker.stop();
    await worker.done;
    const known = rowsOf<{ identifier: string }>(await ctx.db.execute(sql`select identifier from graphile_worker._private_known_crontabs order by identifier`));
    expect(known.map((k) => k.identifier)).toEqual(["enqueue-pending-fan-outs", "purge-expired-sessions", "purge-idempotency-keys", "purge-rate-limit-buckets", "run-dunning", "run-reconciliation", "run-renewals", "settle-pending-webhook-events", "sweep-active-orders", "sweep-auto-top-ups", "sweep-notifications"]);
  });
});
