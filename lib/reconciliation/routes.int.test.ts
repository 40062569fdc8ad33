/**
 * The reconciliation routes through the real apiRoute wrapper (auth, policy, zod), with only the session lookup,
 * the database handle and the Cashfree client substituted; the queued run is then worked as the job would.
 */
import { afterAll, beforeAll, beforeEach, expect, it, vi } from "vitest";
import type { Db } from "@/lib/db";
import { reconciliationMismatches, reconciliationRuns } from "@/lib/db/schema";
import { describeWithDatabase } from "@/lib/testing/database";
import { createAccount, createUser } from "@/lib/testing/factories";
import { startTestCashfree, type TestCashfree } from "@/lib/testing/orders";
import { queuedJobs } from "@/lib/testing/run-jobs";
import { runReconciliation } from "./run-reconciliation";

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

const { GET: listRunsRoute, POST: startRunRoute } = await import("@/app/api/v1/admin/reconciliation/runs/route");
const { GET: csvRoute } = await import("@/app/api/v1/admin/reconciliation/runs/[run_id]/mismatches.csv/route");

const ORIGIN = "http://localhost:3000";
function req(method: string, path: string, body?: unknown) {
  return new Request(`${ORIGIN}${path}`, {
    method,
    headers: { origin: ORIGIN, ...(body === undefined ? {} : { "content-type": "application/json" }) },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
}
type Handler = (r: Request, c?: never) => Promise<Response>;
async function call(handler: Handler, request: Request, params?: Record<string, string>) {
  const response = await handler(request, (params ? { params: Promise.resolve(params) } : undefined) as never);
  const text = await response.text();
  const json = response.headers.get("content-type")?.includes("json") && text ? (JSON.parse(text) as Record<string, any>) : null; // eslint-disable-line @typescript-eslint/no-explicit-any
  return { status: response.status, headers: response.headers, body: json, text };
}

let cf: TestCashfree;
beforeAll(async () => {
  cf = await startTestCashfree();
});
afterAll(async () => {
  await cf?.close();
});

describeWithDatabase("reconciliation routes", (ctx) => {
  beforeEach(() => {
    session.db = ctx.db as Db;
    session.userId = null;
  });

  it("operators start a run, list runs and download a run's mismatches as CSV; others get 403, bad input a 400", async () => {
    const { ownerId } = await createAccount(ctx.db);
    const operator = await createUser(ctx.db, { isOperator: true });
    const to = new Date(Date.now() + 60_000); // the injected settlement falls in the period
    const from = new Date(to.getTime() - 24 * 60 * 60 * 1000);

    session.userId = ownerId;
    expect((await call(listRunsRoute, req("GET", "/api/v1/admin/reconciliation/runs"))).status).toBe(403);
    expect((await call(startRunRoute, req("POST", "/api/v1/admin/reconciliation/runs", { from: from.toISOString(), to: to.toISOString() }))).status).toBe(403);

    session.userId = operator.id;
    for (const body of [{}, { from: "yesterday", to: to.toISOString() }, { from: to.toISOString(), to: from.toISOString() }, { from: "2026-01-01T00:00:00Z", to: "2026-03-01T00:00:00Z" }]) {
      const bad = await call(startRunRoute, req("POST", "/api/v1/admin/reconciliation/runs", body));
      expect(bad.status, `${JSON.stringify(body)} → ${bad.text}`).toBe(400);
    }
    expect(await ctx.db.select().from(reconciliationRuns)).toEqual([]);

    const started = await call(startRunRoute, req("POST", "/api/v1/admin/reconciliation/runs", { from: from.toISOString(), to: to.toISOString() }));
    expect(started.status).toBe(202);
    const runId = started.body!.run.id as string;
    expect(started.body!.run).toMatchObject({ status: "queued", triggered_by: "operator", requested_by_user_id: operator.id, period_start: from.toISOString(), period_end: to.toISOString() });
    expect((await queuedJobs(ctx.db)).some((j) => j.task_identifier === "run-reconciliation" && j.payload.runId === runId)).toBe(true);

    // The job's work, with one settlement Khata knows nothing about.
    await fetch(`${cf.emulator.url}/__control/settlements/mismatch`, { method: "POST", body: JSON.stringify({ kind: "unknown_order", order_id: "=cmd|evil", amount: 12.5 }) });
    const done = await runReconciliation({ db: ctx.db, cashfree: cf.client, now: () => new Date(to.getTime() + 60_000), settlementGraceMs: 0 }, runId);
    expect(done.outcome).toBe("succeeded");
    expect(await ctx.db.select().from(reconciliationMismatches)).toHaveLength(1);

    const listed = await call(listRunsRoute, req("GET", "/api/v1/admin/reconciliation/runs"));
    expect(listed.status).toBe(200);
    expect(listed.body!.runs).toEqual([expect.objectContaining({ id: runId, status: "succeeded", mismatch_count: 1 })]);

    const csv = await call(csvRoute, req("GET", `/api/v1/admin/reconciliation/runs/${runId}/mismatches.csv`), { run_id: runId });
    expect(csv.status).toBe(200);
    expect(csv.headers.get("content-type")).toBe("text/csv; charset=utf-8");
    expect(csv.headers.get("content-disposition")).toContain(`reconciliation-${runId}-mismatches.csv`);
    const lines = csv.text.trimEnd().split("\r\n");
    expect(lines).toHaveLength(2); // the header and one line per mismatch
    const [header, row] = lines;
    expect(header).toBe("kind,order_id,cf_payment_id,refund_id,cf_settlement_id,settlement_utr,expected_inr,actual_inr,detail");
    expect(row).toMatch(/^unknown_settlement,'=cmd\|evil,\d+,,\d+,CFUTR\d{12},,12\.50,/);

    expect((await call(csvRoute, req("GET", "/api/v1/admin/reconciliation/runs/rr_nope/mismatches.csv"), { run_id: "rr_nope" })).status).toBe(404);
    expect((await call(csvRoute, req("GET", "/api/v1/admin/reconciliation/runs/x/mismatches.csv"), { run_id: "../x" })).status).toBe(404);

    // Not an operator: the run exists, the CSV is still refused.
    session.userId = ownerId;
    const refused = await call(csvRoute, req("GET", `/api/v1/admin/reconciliation/runs/${runId}/mismatches.csv`), { run_id: runId });
    expect(refused.status).toBe(403);
    expect(refused.headers.get("content-type")).not.toContain("text/csv");
  });
});
