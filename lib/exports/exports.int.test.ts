/**
 * GET /api/v1/exports/:kind through the real wrapper on real PostgreSQL: each kind as CSV and XLSX, parsed back
 * (exceljs reader) and checked against the rows: numbers are numbers, ₹ to 2 decimals, dates are dates; more rows
 * than one keyset batch; the period filter; another account's rows never appear; bad input is a 4xx envelope.
 */
import ExcelJS from "exceljs";
import { beforeAll, beforeEach, describe, expect, it, vi } from "vitest";
import { createApiKey } from "@/lib/api-keys/create-api-key";
import { issueCreditNote } from "@/lib/credit-notes/issue-credit-note";
import { describeWithDatabase } from "@/lib/testing/database";
import { addMember, createAccount } from "@/lib/testing/factories";
import { createInvoicedOrder, insertSucceededRefund } from "@/lib/testing/invoices";
import { appendLedgerEntries, type LedgerSeed } from "@/lib/testing/ledger";
import { EXPORT_BATCH_ROWS } from "./export-sources";

const session = vi.hoisted(() => ({ userId: null as string | null, db: null as unknown }));
vi.mock("@/lib/auth/auth", async () => {
  const { mockedCurrentSession } = await import("@/lib/testing/sessions");
  return { currentSession: mockedCurrentSession(session), currentUserId: async () => session.userId };
});
vi.mock("next/headers", () => ({ cookies: async () => ({ get: () => undefined }) }));
vi.mock("@/lib/db", async (importOriginal) => ({ ...(await importOriginal<typeof import("@/lib/db")>()), getDb: async () => session.db }));

const { GET: exportRoute } = await import("@/app/api/v1/exports/[kind]/route");

const ist = (s: string) => new Date(`${s}+05:30`);
const call = (kind: string, qs: string, headers: Record<string, string> = {}) =>
  exportRoute(new Request(`http://localhost:3000/api/v1/exports/${kind}${qs}`, { headers }) as never, { params: Promise.resolve({ kind }) } as never);

/** CSV parsed as RFC 4180 (quoted fields, doubled quotes), BOM stripped. */
function parseCsv(text: string): string[][] {
  const rows: string[][] = [];
  let row: string[] = [];
  let field = "";
  let quoted = false;
  const body = text.replace(/^\uFEFF/, "");
  for (let i = 0; i < body.length; i++) {
    const c = body[i]!;
    if (quoted) {
      if (c === '"' && body[i + 1] === '"') {
        field += '"';
        i++;
      } else if (c === '"') quoted = false;
      else field += c;
    } else if (c === '"') quoted = true;
    else if (c === ",") {
      row.push(field);
      field = "";
    } else if (c === "\r" && body[i + 1] === "\n") {
      row.push(field);
      rows.push(row);
      row = [];
      field = "";
      i++;
    } else field += c;
  }
  return rows;
}

async function readXlsx(response: Response) {
  const workbook = new ExcelJS.Workbook();
  await workbook.xlsx.load(Buffer.from(await response.arrayBuffer()) as never);
  const sheet = workbook.worksheets[0]!;
  const rows: ExcelJS.Row[] = [];
  sheet.eachRow((r) => rows.push(r));
  return { sheet, rows };
}

describeWithDatabase("exports", (ctx) => {
  let accountId: string;
  let ownerId: string;
  let apiKey: string;
  let invoiceNumber: string;
  const usageCount = EXPORT_BATCH_ROWS + 5;

  beforeAll(async () => {
    ({ accountId, ownerId } = await createAccount(ctx.db));
    const created = await createApiKey(ctx.db, { accountId, name: "exporter", createdByUserId: ownerId });
    apiKey = created.key;
    // Intra-state ₹5,000 and inter-state ₹599 invoices in November; a refund credit note on the second in December.
    await createInvoicedOrder(ctx.db, { accountId, totalPaise: 500000n, issuedAt: ist("2026-11-10T12:00:00") });
    const second = await createInvoicedOrder(ctx.db, { accountId, totalPaise: 59900n, recipientStateCode: "27", issuedAt: ist("2026-11-20T18:45:30") });
    invoiceNumber = second.invoice.invoiceNumber;
    const refundId = await insertSucceededRefund(ctx.db, { accountId, orderId: second.order.id, amountPaise: 10000n });
    await ctx.db.transaction((tx) =>
      issueCreditNote(tx, { accountId, orderId: second.order.id, refundId, amountPaise: 10000n, reason: "Refund, 100 credits", issuedAt: ist("2026-12-01T10:00:00") }),
    );
    // More ledger rows than one batch: a top-up, then usage through November and December.
    const seeds: LedgerSeed[] = [{ kind: "topup", amountCredits: 1_000_000n, at: ist("2026-11-01T09:00:00"), description: 'Top-up, "quoted", with comma' }];
    for (let i = 0; i < usageCount; i++) {
      seeds.push({ kind: "usage", amountCredits: -2n, at: new Date(ist("2026-11-01T10:00:00").getTime() + i * 25 * 60_000), apiKeyId: created.apiKey.id });
    }
    await appendLedgerEntries(ctx.db, accountId, seeds);
    // Another account's books, which must never show.
    const other = await createAccount(ctx.db, { balanceCredits: 77n });
    await createInvoicedOrder(ctx.db, { accountId: other.accountId, totalPaise: 12300n, issuedAt: ist("2026-11-15T12:00:00") });
  });

  beforeEach(() => {
    session.db = ctx.db;
    session.userId = null;
  });

  it("invoices as CSV: every tax column, ₹ with 2 decimals, IST date-times, only this account's, with the period", async () => {
    const res = await call("invoices", "?from=2026-11-01&to=2026-11-30", { "x-api-key": apiKey });
    expect(res.status).toBe(200);
    expect(res.headers.get("content-type")).toBe("text/csv; charset=utf-8");
    expect(res.headers.get("content-disposition")).toBe('attachment; filename="khata-invoices-2026-11-01_2026-11-30.csv"');
    const [header, ...rows] = parseCsv(await res.text());
    expect(header).toEqual([
      "Invoice number", "Date (IST)", "Order ID", "Recipient", "Recipient GSTIN", "Place of supply (state code)",
      "Taxable value (₹)", "CGST (₹)", "SGST/UTGST (₹)", "IGST (₹)", "Round off (₹)", "Total (₹)",
    ]);
    expect(rows).toHaveLength(2);
    expect(rows[0]![11]).toBe("5000.00");
    for (const row of rows) {
      const [taxable, cgst, sgst, igst, roundOff, total] = row.slice(6).map((v) => {
        expect(v).toMatch(/^-?\d+\.\d{2}$/);
        return Math.round(Number(v) * 100);
      });
      expect(cgst).toBe(sgst);
      expect(taxable! + cgst! + sgst! + igst! + roundOff!).toBe(total);
    }
    expect(rows[1]).toEqual(expect.arrayContaining([invoiceNumber, "2026-11-20 18:45:30", "599.00", "27"]));
    expect(rows[1]![9]).not.toBe("0.00");

    const december = parseCsv(await (await call("invoices", "?from=2026-12-01", { "x-api-key": apiKey })).text());
    expect(december).toHaveLength(1);

    const xlsx = await readXlsx(await call("invoices", "?format=xlsx", { "x-api-key": apiKey }));
    expect(xlsx.rows).toHaveLength(3);
    expect(xlsx.rows[1]!.getCell(12).value).toBe(5000);
    expect(xlsx.rows[2]!.getCell(1).value).toBe(invoiceNumber);
  });

  it("credit notes as XLSX: numbers are numbers formatted to 2 decimals, the date a date", async () => {
    const res = await call("credit_notes", "?format=xlsx", { "x-api-key": apiKey });
    expect(res.status).toBe(200);
    expect(res.headers.get("content-type")).toBe("application/vnd.openxmlformats-officedocument.spreadsheetml.sheet");
    const { sheet, rows } = await readXlsx(res);
    expect(sheet.name).toBe("Credit notes");
    expect(rows).toHaveLength(2);
    const note = rows[1]!;
    expect(note.getCell(3).value).toBe(invoiceNumber);
    const date = note.getCell(2);
    expect(date.value).toBeInstanceOf(Date);
    // The IST wall-clock 01 Dec 2026 10:00 as the spreadsheet's (zone-less) date.
    expect((date.value as Date).toISOString()).toBe("2026-12-01T10:00:00.000Z");
    expect(date.numFmt).toBe("yyyy-mm-dd hh:mm:ss");
    const money = [9, 10, 11, 12, 13, 14].map((c) => note.getCell(c));
    for (const cell of money) {
      expect(typeof cell.value).toBe("number");
      expect(cell.numFmt).toBe("#,##0.00");
    }
    expect(money.map((c) => c.value)).toEqual([84.74, 0, 0, 15.25, 0.01, 100]);
  });

  it("the ledger as XLSX and CSV: more rows than a batch, balance after each, integers as numbers", async () => {
    session.userId = ownerId;
    const xlsx = await readXlsx(await call("ledger", "?format=xlsx"));
    expect(xlsx.rows).toHaveLength(1 + 1 + usageCount);
    const top = xlsx.rows[1]!;
    expect([top.getCell(3).value, top.getCell(4).value, top.getCell(5).value, top.getCell(6).value]).toEqual(["Credit top-up", "topup", 1_000_000, 1_000_000]);
    expect(top.getCell(11).value).toBe('Top-up, "quoted", with comma');
    const last = xlsx.rows.at(-1)!;
    expect([last.getCell(5).value, last.getCell(6).value, last.getCell(10).value]).toEqual([-2, 1_000_000 - 2 * usageCount, "exporter"]);
    expect(last.getCell(2).value).toBeInstanceOf(Date);

    const csv = parseCsv(await (await call("ledger", "?format=csv")).text());
    expect(csv).toHaveLength(1 + 1 + usageCount);
    expect(csv[1]![10]).toBe('Top-up, "quoted", with comma');
    // Running balance = ledger at every row, and ids strictly increasing across batch boundaries.
    let balance = 0;
    let lastId = 0;
    for (const row of csv.slice(1)) {
      balance += Number(row[4]);
      expect(Number(row[5])).toBe(balance);
      expect(Number(row[0])).toBeGreaterThan(lastId);
      lastId = Number(row[0]);
    }
  });

  it("usage per IST day per key, and payments with their invoice numbers", async () => {
    session.userId = ownerId;
    const usage = parseCsv(await (await call("usage", "?to=2026-11-30")).text());
    const days = usage.slice(1);
    expect(days.length).toBe(30);
    expect(days[0]!.slice(0, 2)).toEqual(["2026-11-01", "exporter"]);
    const calls = days.reduce((s, r) => s + Number(r[3]), 0);
    expect(days.reduce((s, r) => s + Number(r[4]), 0)).toBe(2 * calls);
    const all = parseCsv(await (await call("usage", "?format=csv")).text()).slice(1);
    expect(all.reduce((s, r) => s + Number(r[3]), 0)).toBe(usageCount);

    const usageXlsx = await readXlsx(await call("usage", "?format=xlsx&to=2026-11-30"));
    expect(usageXlsx.rows[1]!.getCell(1).value).toEqual(new Date("2026-11-01T00:00:00Z"));
    expect(usageXlsx.rows[1]!.getCell(1).numFmt).toBe("yyyy-mm-dd");

    const payments = parseCsv(await (await call("payments", "")).text());
    expect(payments).toHaveLength(3);
    expect(payments.map((r) => r[5])).toEqual(["Amount (₹)", "5000.00", "599.00"]);
    expect(payments[2]![10]).toBe(invoiceNumber);
  });

  it("a member may not export; bad kind, format or dates are 4xx envelopes", async () => {
    const member = await addMember(ctx.db, accountId, "member");
    session.userId = member.id;
    expect((await call("ledger", "")).status).toBe(403);
    session.userId = ownerId;
    for (const [kind, qs, status] of [
      ["gstr1", "", 404],
      ["ledger", "?format=pdf", 400],
      ["ledger", "?from=2026-11-31", 400],
      ["ledger", "?from=2026-12-02&to=2026-12-01", 400],
      ["ledger", "?limit=5", 400],
    ] as const) {
      const res = await call(kind, qs);
      expect(res.status, `${kind}${qs}`).toBe(status);
      expect(await res.json()).toMatchObject({ success: false, error: { status } });
    }
  });

  describe("another account", () => {
    it("exports only its own rows", async () => {
      const { ownerId: stranger } = await createAccount(ctx.db);
      session.userId = stranger;
      for (const kind of ["invoices", "ledger", "payments", "credit_notes", "usage"]) {
        expect(parseCsv(await (await call(kind, "")).text()), kind).toHaveLength(1);
      }
    });
  });
});
