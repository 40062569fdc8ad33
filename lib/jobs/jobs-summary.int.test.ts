/** GET /api/v1/admin/jobs/summary: jobs by task and state from graphile-worker's tables, the settlement lag, alerts. */
import { sql } from "drizzle-orm";
import { beforeAll, beforeEach, expect, it, vi } from "vitest";
import { rowsOf } from "@/lib/db/rows";
import { webhookEvents } from "@/lib/db/schema";
import { describeWithDatabase } from "@/lib/testing/database";
import { createAccount, createUser } from "@/lib/testing/factories";
import { summarizeJobs } from "./summarize-jobs";

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

const { GET: summaryRoute } = await import("@/app/api/v1/admin/jobs/summary/route");
const callSummary = async () => {
  const response = await summaryRoute(new Request("http://localhost:3000/api/v1/admin/jobs/summary"), undefined as never);
  return { status: response.status, body: (await response.json()) as Record<string, any> }; // eslint-disable-line @typescript-eslint/no-explicit-any
};

describeWithDatabase("jobs summary", (ctx) => {
  let operatorId: string;
  beforeAll(async () => {
    session.db = ctx.db;
    operatorId = (await createUser(ctx.db, { isOperator: true })).id;
  });
  beforeEach(async () => {
    await ctx.db.execute(sql`delete from graphile_worker._private_jobs`);
    await ctx.db.delete(webhookEvents);
  });

  const addJob = async (task: string, state: { attempts?: number; maxAttempts?: number; error?: string; locked?: boolean } = {}) => {
    const [job] = rowsOf<{ id: string }>(await ctx.db.execute(sql`select id::text from graphile_worker.add_job(${task}, '{}'::json, max_attempts => ${state.maxAttempts ?? 5})`));
    await ctx.db.execute(sql`update graphile_worker._private_jobs set attempts = ${state.attempts ?? 0}, last_error = ${state.error ?? null},
      locked_at = ${state.locked ? sql`now()` : sql`null`}, locked_by = ${state.locked ? "test-worker" : null} where id = ${job!.id}::bigint`);
    return job!.id;
  };

  it("counts queued, retrying, running and failed jobs by task, with each task's last error", async () => {
    await addJob("send-email");
    await addJob("send-email");
    await addJob("send-email", { attempts: 1, error: "smtp timeout" });
    await addJob("render-invoice-pdf", { locked: true });
    await addJob("deliver-webhook", { attempts: 5, maxAttempts: 5, error: "first failure" });
    await ctx.db.execute(sql`update graphile_worker._private_jobs set updated_at = now() - interval '1 hour' where last_error = 'first failure'`);
    await addJob("deliver-webhook", { attempts: 5, maxAttempts: 5, error: "receiver down" });

    session.userId = operatorId;
    const r = await callSummary();
    expect(r.status).toBe(200);
    expect(r.body.by_task).toEqual([
      expect.objectContaining({ task: "deliver-webhook", queued: 0, retrying: 0, running: 0, failed: 2, last_error: "receiver down" }),
      expect.objectContaining({ task: "render-invoice-pdf", queued: 0, retrying: 0, running: 1, failed: 0, last_error: null }),
      expect.objectContaining({ task: "send-email", queued: 3, retrying: 1, running: 0, failed: 0, last_error: "smtp timeout" }),
    ]);
    expect(r.body.totals).toEqual({ queued: 3, running: 1, failed: 2 });
    expect(r.body.settlement).toEqual({ unsettled_events: 0, oldest_unsettled_at: null, lag_seconds: 0 });
    expect(r.body.alerts).toEqual([]);
  });

  it("alerts when failures reach the threshold and when the oldest unsettled event is older than the lag threshold", async () => {
    const now = new Date("2026-12-03T10:00:00Z");
    await addJob("deliver-webhook", { attempts: 1, maxAttempts: 1, error: "x" });
    await addJob("send-email", { attempts: 1, maxAttempts: 1, error: "y" });
    await ctx.db.insert(webhookEvents).values([
      { eventKey: "evt-old", eventType: "PAYMENT_SUCCESS_WEBHOOK", payload: {}, receivedAt: new Date(now.getTime() - 600_000) },
      { eventKey: "evt-new", eventType: "PAYMENT_SUCCESS_WEBHOOK", payload: {}, receivedAt: new Date(now.getTime() - 5_000) },
      { eventKey: "evt-done", eventType: "PAYMENT_SUCCESS_WEBHOOK", payload: {}, receivedAt: new Date(now.getTime() - 3_600_000), settledAt: now },
    ]);
    const quiet = await summarizeJobs(ctx.db, { now, thresholds: { failedJobs: 3, settlementLagSeconds: 600 } });
    expect(quiet.settlement).toEqual({ unsettledEvents: 2, oldestUnsettledAt: new Date(now.getTime() - 600_000), lagSeconds: 600 });
    expect(quiet.alerts).toEqual([]);
    const loud = await summarizeJobs(ctx.db, { now, thresholds: { failedJobs: 2, settlementLagSeconds: 599 } });
    expect(loud.alerts.map((a) => a.kind)).toEqual(["failures", "settlement_lag"]);
    expect(loud.alerts[1]!.message).toContain("2 Cashfree events wait, the oldest for 600 s");
  });

  it("operators only: a member of an account gets 403, signed out 401", async () => {
    session.userId = null;
    expect((await callSummary()).status).toBe(401);
    const { ownerId } = await createAccount(ctx.db);
    session.userId = ownerId;
    expect(await callSummary()).toMatchObject({ status: 403, body: { error: { code: "insufficient_permissions" } } });
  });
});
