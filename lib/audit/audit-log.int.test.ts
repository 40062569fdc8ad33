/**
 * The audit log itself: append-only under the app's own database role (UPDATE, DELETE, TRUNCATE refused by the
 * trigger), written in the caller's transaction (rolled back with it), and read through its routes: the operator's
 * filters, keyset pages and CSV; an owner sees only their own account's entries.
 */
import { eq, sql } from "drizzle-orm";
import { beforeEach, expect, it, vi } from "vitest";
import type { Db } from "@/lib/db";
import { auditLog } from "@/lib/db/schema";
import { describeWithDatabase } from "@/lib/testing/database";
import { addMember, createAccount, createUser } from "@/lib/testing/factories";
import { withRequestContext } from "@/lib/log-context";
import { recordAudit } from "./record-audit";

const session = vi.hoisted(() => ({ userId: null as string | null, db: null as unknown }));
vi.mock("@/lib/auth/auth", async () => {
  const { mockedCurrentSession } = await import("@/lib/testing/sessions");
  return { currentSession: mockedCurrentSession(session), currentUserId: async () => session.userId };
});
vi.mock("next/headers", () => ({ cookies: async () => ({ get: () => undefined }) }));
vi.mock("@/lib/db", async (importOriginal) => ({ ...(await importOriginal<typeof import("@/lib/db")>()), getDb: async () => session.db }));

const { GET: ownerRoute } = await import("@/app/api/v1/audit-log/route");
const { GET: csvRoute } = await import("@/app/api/v1/admin/audit-log.csv/route");
const budgetRoute = await import("@/app/api/v1/credits/budget/route");

const ORIGIN = "http://localhost:3000";
const req = (method: string, path: string, body?: unknown) =>
  new Request(`${ORIGIN}${path}`, { method, headers: { origin: ORIGIN, ...(body === undefined ? {} : { "content-type": "application/json" }) }, body: body === undefined ? undefined : JSON.stringify(body) });

describeWithDatabase("audit log", (ctx) => {
  beforeEach(() => {
    session.db = ctx.db as Db;
    session.userId = null;
  });

  it("the app's role cannot UPDATE, DELETE or TRUNCATE it: the trigger refuses, the row stays", async () => {
    await ctx.db.transaction((tx) => recordAudit(tx, { action: "coupon.create", accountId: null, targetType: "coupon", targetId: "cpn_append_only", after: { code: "X" } }));
    const refused = async (statement: ReturnType<typeof sql>) => {
      const error = await ctx.db.execute(statement).then(() => null, (e: unknown) => e as { cause?: { message?: string; code?: string } });
      return error?.cause?.message ?? (error as { message?: string } | null)?.message ?? "no error";
    };
    expect(await refused(sql`update audit_log set action = 'coupon.disable' where target_id = 'cpn_append_only'`)).toMatch(/append-only: UPDATE refused/);
    expect(await refused(sql`delete from audit_log where target_id = 'cpn_append_only'`)).toMatch(/append-only: DELETE refused/);
    expect(await refused(sql`truncate audit_log`)).toMatch(/append-only: TRUNCATE refused/);
    const [row] = await ctx.db.select().from(auditLog).where(eq(auditLog.targetId, "cpn_append_only"));
    expect(row).toMatchObject({ action: "coupon.create", actorKind: "system", after: { code: "X" } });
  });

  it("an entry rolls back with its transaction; request id, IP and actor come from the request context", async () => {
    await expect(
      ctx.db.transaction(async (tx) => {
        await recordAudit(tx, { action: "budget.set", accountId: null, targetType: "account", targetId: "acc_rolled_back" });
        throw new Error("the change failed");
      }),
    ).rejects.toThrow("the change failed");
    expect(await ctx.db.select().from(auditLog).where(eq(auditLog.targetId, "acc_rolled_back"))).toEqual([]);

    await withRequestContext({ requestId: "req-ctx", ip: "203.0.113.9", actor: { kind: "api_key", id: "key_1" } }, () =>
      ctx.db.transaction((tx) => recordAudit(tx, { action: "budget.set", accountId: null, targetType: "account", targetId: "acc_ctx", before: { a: 1, b: 2n }, after: { a: 1, b: 3n } })),
    );
    const [row] = await ctx.db.select().from(auditLog).where(eq(auditLog.targetId, "acc_ctx"));
    expect(row).toMatchObject({ requestId: "req-ctx", ip: "203.0.113.9", actorKind: "api_key", actorId: "key_1", before: { b: "2" }, after: { b: "3" } });
  });

  it("an owner reads their own account's entries only, paged by keyset; members are refused; operators filter and export CSV", async () => {
    const { accountId, ownerId } = await createAccount(ctx.db);
    const other = await createAccount(ctx.db);
    session.userId = ownerId;
    for (const limit of [100, 200, 300]) expect((await budgetRoute.PUT(req("PUT", "/api/v1/credits/budget", { monthly_limit: limit }))).status).toBe(200);
    session.userId = other.ownerId;
    expect((await budgetRoute.PUT(req("PUT", "/api/v1/credits/budget", { monthly_limit: 5 }))).status).toBe(200);

    session.userId = ownerId;
    const first = await (await ownerRoute(req("GET", "/api/v1/audit-log?limit=2"))).json();
    expect(first.entries.map((e: { after: unknown }) => e.after)).toEqual([{ monthly_budget_credits: "300" }, { monthly_budget_credits: "200" }]);
    expect(first.entries.every((e: { account_id: string; actor_id: string; actor_kind: string }) => e.account_id === accountId && e.actor_id === ownerId && e.actor_kind === "user")).toBe(true);
    const second = await (await ownerRoute(req("GET", `/api/v1/audit-log?limit=2&before=${first.next_cursor}`))).json();
    expect(second.entries.map((e: { before: unknown }) => e.before)).toEqual([{ monthly_budget_credits: null }]);
    expect(second.next_cursor).toBeNull();
    expect((await ownerRoute(req("GET", `/api/v1/audit-log?account_id=${other.accountId}`))).status).toBe(400); // no account filter for owners
    expect((await ownerRoute(req("GET", "/api/v1/audit-log?before=abc"))).status).toBe(400);

    const member = await addMember(ctx.db, accountId, "admin");
    session.userId = member.id;
    expect((await ownerRoute(req("GET", "/api/v1/audit-log"))).status).toBe(403);
    expect((await csvRoute(req("GET", "/api/v1/admin/audit-log.csv"))).status).toBe(403);

    session.userId = (await createUser(ctx.db, { isOperator: true })).id;
    const csv = await csvRoute(req("GET", `/api/v1/admin/audit-log.csv?account_id=${accountId}&action=budget.set&limit=2`));
    expect(csv.status).toBe(200);
    expect(csv.headers.get("content-type")).toMatch(/text\/csv/);
    const lines = (await csv.text()).trim().split("\r\n");
    expect(lines[0]).toBe("id,at,account_id,actor_kind,actor_id,request_id,ip,action,target_type,target_id,before,after");
    expect(lines).toHaveLength(3);
    expect(lines[1]).toContain(`"{""monthly_budget_credits"":""300""}"`);
    expect(csv.headers.get("x-next-cursor")).toMatch(/^\d+$/);
    const today = new Date().toISOString().slice(0, 10);
    const none = await csvRoute(req("GET", `/api/v1/admin/audit-log.csv?account_id=${accountId}&to=2000-01-01`));
    expect((await none.text()).trim().split("\r\n")).toHaveLength(1);
    expect((await csvRoute(req("GET", `/api/v1/admin/audit-log.csv?from=${today}&action=nope`))).status).toBe(400);
  });
});
