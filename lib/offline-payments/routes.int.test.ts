/**
 * The offline-payment routes through the real apiRoute wrapper (auth, policy, zod), only the session lookup and
 * the database handle substituted: seed 003's `payment/new` and `payment/list` shapes adapted to Khata's auth,
 * operators only, bad input a 4xx naming the field that changes nothing, maker ≠ checker over HTTP.
 */
import { eq } from "drizzle-orm";
import { beforeEach, expect, it, vi } from "vitest";
import type { Db } from "@/lib/db";
import { accounts, offlinePayments, users } from "@/lib/db/schema";
import { describeWithDatabase } from "@/lib/testing/database";
import { addMember, createAccount, createBillingProfile, createUser } from "@/lib/testing/factories";

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

const { GET: listRoute, POST: recordRoute } = await import("@/app/api/v1/offline-payments/route");
const { GET: searchRoute } = await import("@/app/api/v1/offline-payments/accounts/route");
const { POST: requestRoute } = await import("@/app/api/v1/offline-payments/[payment_id]/cancel-request/route");
const { POST: decideRoute } = await import("@/app/api/v1/offline-payments/[payment_id]/cancel-decision/route");

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
  return { status: response.status, body: text ? (JSON.parse(text) as Record<string, any>) : null, text }; // eslint-disable-line @typescript-eslint/no-explicit-any
}

describeWithDatabase("offline payment routes", (ctx) => {
  beforeEach(() => {
    session.db = ctx.db as Db;
    session.userId = null;
  });

  it("operators find the paying account by name, billing email, GSTIN or a member's email; wildcards are literal", async () => {
    const { accountId, ownerId } = await createAccount(ctx.db, { name: "Zebra Logistics" });
    await createBillingProfile(ctx.db, accountId, { legalName: "Zebra Logistics Private Limited", gstin: "29ABCDE1234F1Z5", email: "accounts@zebra.test" });
    const operator = await createUser(ctx.db, { isOperator: true });
    session.userId = ownerId;
    expect((await call(searchRoute, req("GET", "/api/v1/offline-payments/accounts?q=zebra"))).status).toBe(403);
    session.userId = operator.id;
    const [owner] = await ctx.db.select({ email: users.email }).from(users).where(eq(users.id, ownerId));
    for (const q of ["zebra", "ACCOUNTS@ZEBRA", "29abcde1234f1z5", owner!.email]) {
      const found = await call(searchRoute, req("GET", `/api/v1/offline-payments/accounts?q=${encodeURIComponent(q)}`));
      expect(found.body!.accounts, q).toEqual([expect.objectContaining({ account_id: accountId, gstin: "29ABCDE1234F1Z5" })]);
    }
    expect((await call(searchRoute, req("GET", "/api/v1/offline-payments/accounts?q=%25%25"))).body!.accounts).toEqual([]);
    expect((await call(searchRoute, req("GET", "/api/v1/offline-payments/accounts?q=z"))).status).toBe(400);
  });

  it("a retried recording with the same Idempotency-Key records the payment once", async () => {
    const { accountId } = await createAccount(ctx.db);
    await createBillingProfile(ctx.db, accountId);
    const khata = await createAccount(ctx.db);
    const operator = await addMember(ctx.db, khata.accountId, "member", { isOperator: true });
    session.userId = operator.id;
    const send = () => {
      const request = req("POST", "/api/v1/offline-payments", { account_id: accountId, amount_paise: 250_000, mode: "Bank", reference: "UTR SBIN123" });
      request.headers.set("idempotency-key", "op-retry-1");
      return call(recordRoute, request);
    };
    const [first, second] = [await send(), await send()];
    expect(first.status).toBe(201);
    expect(second.body).toEqual(first.body);
    expect(await ctx.db.select().from(offlinePayments).where(eq(offlinePayments.accountId, accountId))).toHaveLength(1);
    expect((await ctx.db.select().from(accounts).where(eq(accounts.id, accountId)))[0]!.creditBalance).toBe(2500n);
  });

  it("record → list/count → request → a second operator approves; others get 403; bad input names the field", async () => {
    const { accountId, ownerId } = await createAccount(ctx.db);
    await createBillingProfile(ctx.db, accountId);
    const maker = await createUser(ctx.db, { isOperator: true });
    const checker = await createUser(ctx.db, { isOperator: true });
    const valid = { account_id: accountId, amount_paise: 100_000, mode: "Cheque", reference: "CHQ 000123 SBI" };

    session.userId = ownerId;
    expect((await call(recordRoute, req("POST", "/api/v1/offline-payments", valid))).status).toBe(403);
    expect((await call(listRoute, req("GET", "/api/v1/offline-payments"))).status).toBe(403);

    session.userId = maker.id;
    for (const [body, field] of [
      [{ ...valid, amount_paise: 99 }, "amount_paise"],
      [{ ...valid, amount_paise: 100.5 }, "amount_paise"],
      [{ ...valid, mode: "UPI" }, "mode"],
      [{ ...valid, payment_date: "2026-13-01" }, "payment_date"],
      [{ ...valid, payment_date: "2999-01-01" }, "payment_date"],
      [{ ...valid, reference: "x".repeat(256) }, "reference"],
      [{ ...valid, pays_for: "plan" }, "plan"],
    ] as const) {
      const bad = await call(recordRoute, req("POST", "/api/v1/offline-payments", body));
      expect(bad.status, bad.text).toBe(400);
      expect(bad.text).toContain(field);
    }
    expect(await ctx.db.select().from(offlinePayments).where(eq(offlinePayments.accountId, accountId))).toEqual([]);

    const recorded = await call(recordRoute, req("POST", "/api/v1/offline-payments", valid));
    expect(recorded.status).toBe(201);
    expect(recorded.body).toMatchObject({ result: expect.stringMatching(/^op_/), error: null, receipt_number: expect.stringMatching(/^RCPT\/\d+\/\d\d-\d\d$/) });
    const id = recorded.body!.result as string;
    expect((await ctx.db.select().from(accounts).where(eq(accounts.id, accountId)))[0]!.creditBalance).toBe(1000n);

    // The seed's curl: status filter, paid_from, show_count=1 → { "result": N, "error": null }.
    const counted = await call(listRoute, req("GET", `/api/v1/offline-payments?customerid=${accountId}&status=Paid&paid_from=2020-01-01&show_count=1`));
    expect(counted).toMatchObject({ status: 200, body: { result: 1, error: null } });
    const listed = await call(listRoute, req("GET", `/api/v1/offline-payments?customerid=${accountId}&amt=${encodeURIComponent("≥1000")}&mode=Cheque`));
    expect(listed.body).toMatchObject({ error: null, result: [expect.objectContaining({ id, mode: "Cheque", amt: 1000, ref: "CHQ 000123 SBI", status: "Paid" })] });
    const badFilter = await call(listRoute, req("GET", "/api/v1/offline-payments?rows_limit=500"));
    expect(badFilter.status).toBe(400);
    expect(badFilter.text).toContain("rows_limit");

    const requested = await call(requestRoute, req("POST", `/api/v1/offline-payments/${id}/cancel-request`, { reason: "cheque dishonoured" }), { payment_id: id });
    expect(requested.body!.result).toMatchObject({ status: "CancelRequest", cancel_requested_by: maker.id });
    const self = await call(decideRoute, req("POST", `/api/v1/offline-payments/${id}/cancel-decision`, { decision: "approve" }), { payment_id: id });
    expect(self.status).toBe(403);

    session.userId = checker.id;
    const approved = await call(decideRoute, req("POST", `/api/v1/offline-payments/${id}/cancel-decision`, { decision: "approve" }), { payment_id: id });
    expect(approved.status, approved.text).toBe(200);
    expect(approved.body).toMatchObject({ result: { status: "Cancelled", cancel_decided_by: checker.id }, credit_note_number: expect.stringMatching(/^KC-/) });
    const again = await call(decideRoute, req("POST", `/api/v1/offline-payments/${id}/cancel-decision`, { decision: "approve" }), { payment_id: id });
    expect(again.status).toBe(409);
    expect((await ctx.db.select().from(accounts).where(eq(accounts.id, accountId)))[0]!.creditBalance).toBe(0n);
    expect((await call(decideRoute, req("POST", "/api/v1/offline-payments/nope/cancel-decision", { decision: "approve" }), { payment_id: "nope" })).status).toBe(404);
  });
});
