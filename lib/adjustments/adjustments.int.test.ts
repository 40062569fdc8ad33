/**
 * Credit adjustments through the real apiRoute wrapper (auth, policy, zod), only the session lookup and the
 * database handle substituted: maker ≠ checker, one ledger entry under concurrent approvals, a debit past zero
 * refused, every step one audit entry in its own transaction.
 */
import { and, eq } from "drizzle-orm";
import { afterAll, beforeAll, beforeEach, expect, it, vi } from "vitest";
import type { Db } from "@/lib/db";
import { auditLog, creditAdjustments, ledgerEntries } from "@/lib/db/schema";
import { describeWithDatabase } from "@/lib/testing/database";
import { createAccount, createUser } from "@/lib/testing/factories";
import { sqlClient, type SqlClient } from "@/lib/testing/sql-client";
import { checkInvariants } from "@/reliability/harness";
import { approveAdjustment } from "./approve-adjustment";
import { proposeAdjustment } from "./propose-adjustment";

const session = vi.hoisted(() => ({ userId: null as string | null, db: null as unknown }));
vi.mock("@/lib/auth/auth", async () => {
  const { mockedCurrentSession } = await import("@/lib/testing/sessions");
  return { currentSession: mockedCurrentSession(session), currentUserId: async () => session.userId };
});
vi.mock("next/headers", () => ({ cookies: async () => ({ get: () => undefined }) }));
vi.mock("@/lib/db", async (importOriginal) => ({ ...(await importOriginal<typeof import("@/lib/db")>()), getDb: async () => session.db }));

const listRoute = await import("@/app/api/v1/admin/adjustments/route");
const { POST: approveRoute } = await import("@/app/api/v1/admin/adjustments/[adjustment_id]/approve/route");
const { POST: rejectRoute } = await import("@/app/api/v1/admin/adjustments/[adjustment_id]/reject/route");

const ORIGIN = "http://localhost:3000";
const req = (method: string, path: string, body?: unknown, headers: Record<string, string> = {}) =>
  new Request(`${ORIGIN}${path}`, {
    method,
    headers: { origin: ORIGIN, ...(body === undefined ? {} : { "content-type": "application/json" }), ...headers },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
async function call(handler: (r: Request, c?: never) => Promise<Response>, request: Request, params?: Record<string, string>) {
  const response = await handler(request, (params ? { params: Promise.resolve(params) } : undefined) as never);
  return { status: response.status, body: (await response.json()) as Record<string, any> }; // eslint-disable-line @typescript-eslint/no-explicit-any
}

describeWithDatabase("credit adjustments", (ctx) => {
  let sqlc: SqlClient;
  let maker: { id: string };
  let checker: { id: string };
  beforeAll(async () => {
    sqlc = sqlClient(ctx.url, 2);
    maker = await createUser(ctx.db, { isOperator: true });
    checker = await createUser(ctx.db, { isOperator: true });
  });
  afterAll(async () => sqlc.end());
  beforeEach(() => {
    session.db = ctx.db as Db;
    session.userId = null;
  });

  const propose = (body: unknown, headers?: Record<string, string>) => call(listRoute.POST, req("POST", "/api/v1/admin/adjustments", body, headers));
  const approve = (id: string, headers?: Record<string, string>) => call(approveRoute, req("POST", `/api/v1/admin/adjustments/${id}/approve`, undefined, headers), { adjustment_id: id });
  const auditOf = (targetId: string) => ctx.db.select().from(auditLog).where(eq(auditLog.targetId, targetId)).orderBy(auditLog.id);

  it("a grant: proposed by one operator, refused to its maker, applied by a second as one ledger entry; each step one audit entry", async () => {
    const { accountId, ownerId } = await createAccount(ctx.db, { balanceCredits: 100n });
    session.userId = ownerId;
    const forbidden = await propose({ account_id: accountId, direction: "grant", credits: 50, reason: "goodwill" });
    expect(forbidden).toMatchObject({ status: 403, body: { error: { code: "insufficient_permissions" } } });

    session.userId = maker.id;
    const proposed = await propose({ account_id: accountId, direction: "grant", credits: 50, reason: "Outage on 2 Dec", reference: "TICKET-42" }, { "x-request-id": "req-propose-1" });
    expect(proposed).toMatchObject({ status: 201, body: { status: "proposed", credits: 50, direction: "grant", proposed_by_user_id: maker.id } });
    const id = proposed.body.id as string;

    const own = await approve(id);
    expect(own).toMatchObject({ status: 403, body: { error: { code: "insufficient_permissions" } } });
    expect(own.body.error.message).toMatch(/maker ≠ checker/);

    session.userId = checker.id;
    const applied = await approve(id, { "x-request-id": "req-approve-1" });
    expect(applied).toMatchObject({ status: 200, body: { status: "applied", decided_by_user_id: checker.id } });
    const entries = await ctx.db.select().from(ledgerEntries).where(eq(ledgerEntries.causeKey, `adjustment:${id}`));
    expect(entries.map((e) => [e.kind, e.amountCredits, e.balanceAfterCredits])).toEqual([["adjustment", 50n, 150n]]);

    const audit = await auditOf(id);
    expect(audit.map((a) => [a.action, a.actorKind, a.actorId, a.requestId, a.accountId])).toEqual([
      ["adjustment.propose", "operator", maker.id, "req-propose-1", accountId],
      ["adjustment.apply", "operator", checker.id, "req-approve-1", accountId],
    ]);
    expect(audit[1]!.before).toMatchObject({ status: "proposed", decided_by_user_id: null });
    expect(audit[1]!.after).toMatchObject({ status: "applied", decided_by_user_id: checker.id, ledger_entry_id: entries[0]!.id.toString() });
    expect(audit[1]!.after).not.toHaveProperty("direction"); // only the fields that changed

    const listed = await call(listRoute.GET, req("GET", `/api/v1/admin/adjustments?account_id=${accountId}`));
    expect(listed.body.adjustments.map((a: { id: string }) => a.id)).toEqual([id]);
    expect((await checkInvariants(sqlc)).violations).toEqual([]);
  });

  it("10 concurrent approvals by the checker: one ledger entry, one apply entry, nine 409s", async () => {
    const { accountId } = await createAccount(ctx.db);
    session.userId = maker.id;
    const id = (await propose({ account_id: accountId, direction: "grant", credits: 7, reason: "race" })).body.id as string;
    session.userId = checker.id;
    const answers = await Promise.all(Array.from({ length: 10 }, () => approve(id)));
    expect(answers.map((a) => a.status).sort()).toEqual([200, ...Array(9).fill(409)]);
    expect(await ctx.db.select().from(ledgerEntries).where(eq(ledgerEntries.accountId, accountId))).toHaveLength(1);
    expect((await auditOf(id)).map((a) => a.action)).toEqual(["adjustment.propose", "adjustment.apply"]);
    expect((await checkInvariants(sqlc)).violations).toEqual([]);
  });

  it("a debit past zero is refused at approval (402, the numbers given), nothing changes, no audit entry; within the balance it applies", async () => {
    const { accountId } = await createAccount(ctx.db, { balanceCredits: 30n });
    session.userId = maker.id;
    const tooMuch = (await propose({ account_id: accountId, direction: "debit", credits: 31, reason: "duplicate grant" })).body.id as string;
    session.userId = checker.id;
    const refused = await approve(tooMuch);
    expect(refused).toMatchObject({ status: 402, body: { error: { code: "insufficient_balance", details: { balance_credits: "30", credits: "31", missing_credits: "1" } } } });
    const [row] = await ctx.db.select().from(creditAdjustments).where(eq(creditAdjustments.id, tooMuch));
    expect(row!.status).toBe("proposed");
    expect((await auditOf(tooMuch)).map((a) => a.action)).toEqual(["adjustment.propose"]); // the apply entry rolled back with the change

    session.userId = maker.id;
    const fits = (await propose({ account_id: accountId, direction: "debit", credits: 30, reason: "duplicate grant" })).body.id as string;
    session.userId = checker.id;
    expect(await approve(fits)).toMatchObject({ status: 200, body: { status: "applied" } });
    const [debit] = await ctx.db.select().from(ledgerEntries).where(and(eq(ledgerEntries.accountId, accountId), eq(ledgerEntries.causeKey, `adjustment:${fits}`)));
    expect([debit!.amountCredits, debit!.balanceAfterCredits]).toEqual([-30n, 0n]);
    expect(await approve(tooMuch)).toMatchObject({ status: 402 });
    expect((await checkInvariants(sqlc)).violations).toEqual([]);
  });

  it("rejection: by another operator with a reason, nothing in the ledger; a decided adjustment cannot be approved; bad input is a 400", async () => {
    const { accountId } = await createAccount(ctx.db);
    session.userId = maker.id;
    const id = (await propose({ account_id: accountId, direction: "grant", credits: 5, reason: "typo" })).body.id as string;
    const ownReject = await call(rejectRoute, req("POST", `/api/v1/admin/adjustments/${id}/reject`, { reason: "withdrawn" }), { adjustment_id: id });
    expect(ownReject.status).toBe(403);
    session.userId = checker.id;
    const rejected = await call(rejectRoute, req("POST", `/api/v1/admin/adjustments/${id}/reject`, { reason: "no ticket" }), { adjustment_id: id });
    expect(rejected).toMatchObject({ status: 200, body: { status: "rejected", rejection_reason: "no ticket" } });
    expect(await approve(id)).toMatchObject({ status: 409, body: { error: { code: "conflict" } } });
    expect(await ctx.db.select().from(ledgerEntries).where(eq(ledgerEntries.accountId, accountId))).toEqual([]);
    expect((await auditOf(id)).map((a) => a.action)).toEqual(["adjustment.propose", "adjustment.reject"]);

    expect((await propose({ account_id: accountId, direction: "grant", credits: 0, reason: "x" })).status).toBe(400);
    expect((await propose({ account_id: accountId, direction: "gift", credits: 5, reason: "why not" })).status).toBe(400);
    expect((await propose({ account_id: "acc_000000000000000000000000", direction: "grant", credits: 5, reason: "nobody" })).status).toBe(404);
    expect((await approve("adj_000000000000000000000000")).status).toBe(404);
  });

  it("with ADJUSTMENT_SECOND_APPROVAL_ABOVE_PAISE set, the maker may apply one at or below the limit, never above it", async () => {
    const { accountId } = await createAccount(ctx.db);
    const small = await proposeAdjustment(ctx.db, { accountId, direction: "grant", credits: 500n, reason: "small fix", operatorUserId: maker.id });
    const large = await proposeAdjustment(ctx.db, { accountId, direction: "grant", credits: 501n, reason: "large fix", operatorUserId: maker.id });
    const limit = 50_000n; // ₹500
    expect((await approveAdjustment(ctx.db, { adjustmentId: small.id, operatorUserId: maker.id, singleApprovalLimitPaise: limit })).status).toBe("applied");
    await expect(approveAdjustment(ctx.db, { adjustmentId: large.id, operatorUserId: maker.id, singleApprovalLimitPaise: limit })).rejects.toMatchObject({ code: "insufficient_permissions" });
    await expect(approveAdjustment(ctx.db, { adjustmentId: large.id, operatorUserId: maker.id, singleApprovalLimitPaise: null })).rejects.toMatchObject({ code: "insufficient_permissions" });
    const system = (await auditOf(small.id)).map((a) => a.actorKind);
    expect(system).toEqual(["system", "system"]); // outside a request and without an explicit actor
  });
});
