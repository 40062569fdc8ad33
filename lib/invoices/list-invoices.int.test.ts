/**
 * GET /api/v1/invoices paging: offset pages keep the order they always had (issued_at desc, then invoice number
 * desc); cursor pages walk the same order, each invoice exactly once, including invoices issued at the same instant
 * or microseconds apart, never another account's; a cursor that does not fit is a 400 naming the parameter.
 */
import { sql } from "drizzle-orm";
import { beforeAll, expect, it } from "vitest";
import { zodToAppError } from "@/lib/validation/zod-error";
import { invoices } from "@/lib/db/schema";
import { insertOrder } from "@/lib/testing/orders";
import { encodeCursor, type Cursor } from "@/lib/pagination/cursor";
import { describeWithDatabase } from "@/lib/testing/database";
import { createAccount } from "@/lib/testing/factories";
import { listInvoices, listInvoicesQuerySchema } from "./list-invoices";

describeWithDatabase("invoice list: offset and cursor pagination", (ctx) => {
  let accountId: string;
  let otherAccountId: string;
  const want: string[] = [];
  const theirs = new Set<string>();

  beforeAll(async () => {
    accountId = (await createAccount(ctx.db)).accountId;
    otherAccountId = (await createAccount(ctx.db)).accountId;
    const base = Date.parse("2026-03-30T00:00:00Z");
    type Made = { number: string; issued: number; micros: number; fy: string; seq: number };
    const made: Made[] = [];
    let seq = 0;
    // 23 invoices (18 ours, 5 another account's): issued in groups of 3 at the same instant, across a financial-year boundary (31 Mar 18:30Z).
    for (let i = 0; i < 23; i++) {
      const account = i % 4 === 3 ? otherAccountId : accountId;
      const issued = base + Math.floor(i / 3) * 12 * 3_600_000;
      const fy = issued >= Date.parse("2026-03-31T18:30:00Z") ? "2627" : "2526";
      seq += 1;
      const order = await insertOrder(ctx.db, { accountId: account, status: "PAID", createdAt: new Date(issued), paidAt: new Date(issued), expiresAt: null });
      const number = `KH-${fy}-${String(seq).padStart(6, "0")}`;
      await ctx.db.insert(invoices).values({
        id: `inv_${order.id}`,
        invoiceNumber: number,
        accountId: account,
        orderId: order.id,
        financialYear: fy,
        sequenceNumber: seq,
        issuedAt: new Date(issued),
        taxablePaise: 8474n,
        cgstPaise: 763n,
        sgstPaise: 763n,
        igstPaise: 0n,
        totalPaise: 10000n,
        snapshot: {},
      });
      // One invoice a few microseconds after its group: the cursor must keep that precision.
      const micros = i === 8 ? 300 : 0;
      if (micros) await ctx.db.execute(sql`update invoices set issued_at = issued_at + interval '300 microseconds' where invoice_number = ${number}`);
      if (account === accountId) made.push({ number, issued, micros, fy, seq });
      else theirs.add(number);
    }
    made.sort((a, b) => b.issued - a.issued || b.micros - a.micros || (a.fy < b.fy ? 1 : a.fy > b.fy ? -1 : 0) || b.seq - a.seq);
    want.push(...made.map((m) => m.number));
    expect(want.length).toBe(18);
  });

  async function walk(limit: number, account = accountId) {
    const numbers: string[] = [];
    let cursor: string | null = null;
    for (let pages = 0; pages < 100; pages++) {
      const page = await listInvoices(ctx.db, account, listInvoicesQuerySchema.parse({ limit: String(limit), ...(cursor ? { cursor } : {}) }));
      numbers.push(...page.invoices.map((i) => i.invoice_number));
      if (page.next_cursor === null) return numbers;
      expect(page.invoices).toHaveLength(limit);
      cursor = page.next_cursor;
    }
    throw new Error("cursor walk did not end");
  }

  it("offset pages keep the order (issued_at desc, invoice number desc), with next_cursor null on the last", async () => {
    const got: string[] = [];
    for (let offset = 0; offset < 18; offset += 5) {
      const page = await listInvoices(ctx.db, accountId, listInvoicesQuerySchema.parse({ limit: "5", offset: String(offset) }));
      expect(page).toMatchObject({ total: 18, limit: 5, offset });
      expect(page.next_cursor === null).toBe(offset + 5 >= 18);
      got.push(...page.invoices.map((i) => i.invoice_number));
    }
    expect(got).toEqual(want);
    // In-process callers may still pass a plain { limit, offset }.
    expect((await listInvoices(ctx.db, accountId, { limit: 100, offset: 0 })).invoices.map((i) => i.invoice_number)).toEqual(want);
  });

  it("walks by cursor: every invoice once, in the same order, for any page size; never another account's", async () => {
    for (const limit of [1, 2, 3, 5, 17, 18, 100]) expect(await walk(limit)).toEqual(want);
    expect(new Set(await walk(2, otherAccountId))).toEqual(theirs);
    const first = await listInvoices(ctx.db, accountId, listInvoicesQuerySchema.parse({ limit: "3" }));
    const replayedElsewhere = await listInvoices(ctx.db, otherAccountId, listInvoicesQuerySchema.parse({ limit: "100", cursor: first.next_cursor! }));
    for (const i of replayedElsewhere.invoices) expect(theirs.has(i.invoice_number)).toBe(true);
    const mid = await listInvoices(ctx.db, accountId, listInvoicesQuerySchema.parse({ limit: "4", offset: "4" }));
    const after = await listInvoices(ctx.db, accountId, listInvoicesQuerySchema.parse({ limit: "100", cursor: mid.next_cursor! }));
    expect(after).toMatchObject({ offset: 0, total: 18, next_cursor: null });
    expect(after.invoices.map((i) => i.invoice_number)).toEqual(want.slice(8));
  });

  const invoicesCursor = (c: Partial<Cursor>) => encodeCursor({ e: "invoices", s: "issued_at", o: "desc", k: ["2026-04-01T00:00:00.000000Z", "2627", 5], ...c });
  const bad: [string, Record<string, string>, string][] = [
    ["cursor with offset", { cursor: invoicesCursor({}), offset: "10" }, "offset"],
    ["garbage", { cursor: "%%%" }, "cursor"],
    ["base64 of JSON null", { cursor: Buffer.from("null").toString("base64url") }, "cursor"],
    ["a payments cursor", { cursor: encodeCursor({ e: "payments", s: "created_at", o: "desc", k: ["2026-04-01T00:00:00.000000Z", "cm_0"] }) }, "cursor"],
    ["another sort", { cursor: invoicesCursor({ s: "created_at" }) }, "cursor"],
    ["another order", { cursor: invoicesCursor({ o: "asc" }) }, "cursor"],
    ["a bad financial year", { cursor: invoicesCursor({ k: ["2026-04-01T00:00:00.000000Z", "26'27", 5] }) }, "cursor"],
    ["a sequence beyond int4", { cursor: invoicesCursor({ k: ["2026-04-01T00:00:00.000000Z", "2627", 2 ** 40] }) }, "cursor"],
    ["a fractional sequence", { cursor: invoicesCursor({ k: ["2026-04-01T00:00:00.000000Z", "2627", 1.5] }) }, "cursor"],
    ["a bad timestamp", { cursor: invoicesCursor({ k: ["2026-04-01 00:00:00", "2627", 5] }) }, "cursor"],
  ];
  it.each(bad)("refuses %s with a 400 naming %s", (_name, q, param) => {
    const parsed = listInvoicesQuerySchema.safeParse(q);
    expect(parsed.success).toBe(false);
    const error = zodToAppError(parsed.error!, "query");
    expect(error).toMatchObject({ code: "invalid_request" });
    expect(error.message).toContain(param);
  });
});
