/**
 * GSTR-1 of a month with B2B, B2CL and B2CS invoices and credit notes: every section's totals equal the period's
 * invoices and credit notes to the paisa (the expected figures come from the stored rows, classified by the test
 * itself), through the service and the operator route (auth, policy, zod).
 */
import { beforeEach, expect, it, vi } from "vitest";
import type { Db } from "@/lib/db";
import { issueCreditNote } from "@/lib/credit-notes/issue-credit-note";
import { gstinCheckChar } from "@/lib/gst/gstin";
import { describeWithDatabase } from "@/lib/testing/database";
import { createAccount, createUser } from "@/lib/testing/factories";
import { createInvoicedOrder, insertSucceededRefund } from "@/lib/testing/invoices";
import { getGstr1 } from "./get-gstr1";
import { GSTR1_CSV_COLUMNS } from "./gstr1-view";
import { gstr1Period } from "./schemas";

const session = vi.hoisted(() => ({ userId: null as string | null, db: null as unknown }));
vi.mock("@/lib/auth/auth", async () => {
  const { mockedCurrentSession } = await import("@/lib/testing/sessions");
  return { currentSession: mockedCurrentSession(session), currentUserId: async () => session.userId };
});
vi.mock("next/headers", () => ({ cookies: async () => ({ get: () => undefined }) }));
vi.mock("@/lib/db", async (importOriginal) => ({ ...(await importOriginal<typeof import("@/lib/db")>()), getDb: async () => session.db }));
const { GET: gstr1Route } = await import("@/app/api/v1/admin/gstr1/route");

const gstin = (first14: string) => first14 + gstinCheckChar(first14);
const KA_1 = gstin("29AAKCS4821M1Z");
const KA_2 = gstin("29AABCT1332L1Z");
const MH = gstin("27AAPFU0939F1Z");

type Amounts = { taxable: bigint; igst: bigint; cgst: bigint; sgst: bigint; value: bigint };
const none = (): Amounts => ({ taxable: 0n, igst: 0n, cgst: 0n, sgst: 0n, value: 0n });
const paise = (rupees: number | undefined) => BigInt(Math.round((rupees ?? 0) * 100));
function addRow(into: Amounts, r: { taxablePaise: bigint; igstPaise: bigint; cgstPaise: bigint; sgstPaise: bigint; totalPaise: bigint }, sign = 1n) {
  into.taxable += sign * r.taxablePaise;
  into.igst += sign * r.igstPaise;
  into.cgst += sign * r.cgstPaise;
  into.sgst += sign * r.sgstPaise;
  into.value += sign * r.totalPaise;
}
/** Sums the offline-tool items (itm_det: rupees) back to paise. */
function itemsSum(docs: { val: number; itms: { itm_det: { txval: number; iamt?: number; camt?: number; samt?: number } }[] }[]): Amounts {
  const s = none();
  for (const d of docs) {
    s.value += paise(d.val);
    for (const { itm_det: i } of d.itms) {
      s.taxable += paise(i.txval);
      s.igst += paise(i.iamt);
      s.cgst += paise(i.camt);
      s.sgst += paise(i.samt);
    }
  }
  return s;
}
const rowsSum = (rows: { txval: number; iamt?: number; camt?: number; samt?: number }[]) =>
  rows.reduce((s, r) => ({ ...s, taxable: s.taxable + paise(r.txval), igst: s.igst + paise(r.iamt), cgst: s.cgst + paise(r.camt), sgst: s.sgst + paise(r.samt) }), none());
const noValue = (a: Amounts) => ({ ...a, value: 0n });

describeWithDatabase("GSTR-1", (ctx) => {
  beforeEach(() => {
    session.db = ctx.db as Db;
    session.userId = null;
  });

  it("section totals equal the month's invoices and credit notes to the paisa; JSON, CSV and the operator route", async () => {
    const { accountId } = await createAccount(ctx.db);
    const at = (day: number) => new Date(Date.UTC(2031, 6, day, 6, 0)); // July 2031, a month of its own
    const mk = (totalPaise: bigint, recipientStateCode: string, recipientGstin?: string, issuedAt = at(10)) =>
      createInvoicedOrder(ctx.db, { accountId, totalPaise, recipientStateCode, recipientGstin, issuedAt });

    const b2b = [await mk(500000n, "29", KA_1), await mk(99900n, "29", KA_1), await mk(1999900n, "27", MH)];
    const b2cl = [await mk(15000000n, "27")]; // ₹1,50,000 inter-state unregistered
    const b2cs = [await mk(10000000n, "07"), await mk(99900n, "29"), await mk(59900n, "33"), await mk(12345n, "29")]; // ₹1,00,000 exactly is not "more than"
    const june = await mk(250000n, "29", KA_2, new Date(Date.UTC(2031, 5, 20, 6, 0)));
    await mk(777700n, "29", KA_1, new Date(Date.UTC(2031, 7, 1, 6, 0))); // August: not in July's return

    const note = async (inv: (typeof b2b)[number], amountPaise: bigint, day: number) => {
      const refundId = await insertSucceededRefund(ctx.db, { accountId, orderId: inv.order.id, amountPaise });
      const r = await ctx.db.transaction((tx) =>
        issueCreditNote(tx, { accountId, orderId: inv.order.id, refundId, amountPaise, reason: "Refund", issuedAt: at(day) }),
      );
      expect(r.outcome).toBe("issued");
      const [row] = await ctx.db.query.creditNotes.findMany({ where: (n, { eq }) => eq(n.refundId, refundId) });
      return row!;
    };
    const cdnr = [await note(b2b[0]!, 100000n, 20), await note(june, 50000n, 21)];
    const cdnur = [await note(b2cl[0]!, 2000000n, 22)];
    const b2csNotes = [await note(b2cs[1]!, 9900n, 23)];

    const report = await getGstr1(ctx.db, gstr1Period({ period: "2031-07" }));
    const json = report.json as Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any
    expect(json).toMatchObject({ fp: "072031", version: "GST3.2.4" });

    const expected = (invs: { invoice: Parameters<typeof addRow>[1] }[]) => invs.reduce((s, i) => (addRow(s, i.invoice), s), none());
    const expectedNotes = (notes: Parameters<typeof addRow>[1][]) => notes.reduce((s, n) => (addRow(s, n), s), none());

    // B2B: per recipient GSTIN, invoice-wise
    expect(json.b2b.map((g: { ctin: string }) => g.ctin)).toEqual([KA_1, MH].sort());
    expect(itemsSum(json.b2b.flatMap((g: { inv: unknown[] }) => g.inv))).toEqual(expected(b2b));
    expect(json.b2b.flatMap((g: { inv: { inum: string }[] }) => g.inv.map((i) => i.inum)).sort()).toEqual(b2b.map((i) => i.invoice.invoiceNumber).sort());
    const firstB2b = json.b2b.find((g: { ctin: string }) => g.ctin === KA_1).inv.find((i: { inum: string }) => i.inum === b2b[0]!.invoice.invoiceNumber);
    expect(firstB2b).toEqual({
      inum: b2b[0]!.invoice.invoiceNumber,
      idt: "10-07-2031",
      val: 5000,
      pos: "29",
      rchrg: "N",
      inv_typ: "R",
      itms: [{ num: 1801, itm_det: { txval: 4237.28, rt: 18, camt: 381.36, samt: 381.36, csamt: 0 } }],
    });
    // B2CL: the inter-state B2C invoice above ₹1,00,000 only
    expect(json.b2cl).toHaveLength(1);
    expect(json.b2cl[0].pos).toBe("27");
    expect(itemsSum(json.b2cl[0].inv)).toEqual(expected(b2cl));
    // B2CS: the other B2C invoices, less the credit notes against them
    const b2csExpected = expected(b2cs);
    for (const n of b2csNotes) addRow(b2csExpected, n, -1n);
    expect(rowsSum(json.b2cs)).toEqual(noValue(b2csExpected));
    expect(json.b2cs.map((r: { pos: string; sply_ty: string }) => `${r.pos}/${r.sply_ty}`)).toEqual(["07/INTER", "29/INTRA", "33/INTER"]);
    // CDNR / CDNUR: note-wise, including a July note against a June invoice
    expect(itemsSum(json.cdnr.flatMap((g: { nt: unknown[] }) => g.nt))).toEqual(expectedNotes(cdnr));
    expect(json.cdnr.map((g: { ctin: string }) => g.ctin)).toEqual([KA_1, KA_2].sort());
    expect(json.cdnur).toHaveLength(1);
    expect(json.cdnur[0]).toMatchObject({ typ: "B2CL", ntty: "C", nt_num: cdnur[0]!.creditNoteNumber, nt_dt: "22-07-2031", pos: "27" });
    expect(itemsSum(json.cdnur)).toEqual(expectedNotes(cdnur));
    // HSN (Table 12), net of every note: B2B and B2C tabs, SAC 998315, UQC NA, quantity 0
    const hsnB2b = expected(b2b);
    for (const n of cdnr) addRow(hsnB2b, n, -1n);
    const hsnB2c = expected([...b2cl, ...b2cs]);
    for (const n of [...cdnur, ...b2csNotes]) addRow(hsnB2c, n, -1n);
    expect(rowsSum(json.hsn.hsn_b2b)).toEqual(noValue(hsnB2b));
    expect(rowsSum(json.hsn.hsn_b2c)).toEqual(noValue(hsnB2c));
    expect(json.hsn.hsn_b2b[0]).toMatchObject({ num: 1, hsn_sc: "998315", uqc: "NA", qty: 0, rt: 18, csamt: 0 });
    // Everything reported = every invoice − every note of the period (taxable and each tax, to the paisa)
    const allInvoices = expected([...b2b, ...b2cl, ...b2cs]);
    for (const n of [...cdnr, ...cdnur, ...b2csNotes]) addRow(allInvoices, n, -1n);
    const hsnTotal = none();
    for (const a of [hsnB2b, hsnB2c]) for (const k of ["taxable", "igst", "cgst", "sgst"] as const) hsnTotal[k] += a[k];
    expect(noValue(hsnTotal)).toEqual(noValue(allInvoices));
    // Documents issued: each series' runs cover exactly the period's documents
    const docs = Object.fromEntries(json.doc_issue.doc_det.map((d: { doc_num: number; docs: { totnum: number; cancel: number; net_issue: number }[] }) => [d.doc_num, d.docs]));
    expect(docs[1].reduce((s: number, d: { net_issue: number }) => s + d.net_issue, 0)).toBe(8);
    expect(docs[5].reduce((s: number, d: { net_issue: number }) => s + d.net_issue, 0)).toBe(4);

    // The operator route: JSON as a download, the CSV one row per document; others 403; bad input 400.
    const operator = await createUser(ctx.db, { isOperator: true });
    const { ownerId } = await createAccount(ctx.db);
    const get = (qs: string) => gstr1Route(new Request(`http://localhost:3000/api/v1/admin/gstr1?${qs}`), undefined as never);
    session.userId = ownerId;
    expect((await get("period=2031-07")).status).toBe(403);
    session.userId = operator.id;
    const viaRoute = await get("period=2031-07&format=json");
    expect(viaRoute.status).toBe(200);
    expect(viaRoute.headers.get("content-disposition")).toMatch(/attachment; filename="GSTR1_.*_2031-07\.json"/);
    expect(await viaRoute.json()).toEqual(json);
    const csv = await get("from=2031-07-01&to=2031-07-31&format=csv");
    expect(csv.headers.get("content-type")).toBe("text/csv; charset=utf-8");
    const lines = (await csv.text()).trim().split("\r\n");
    expect(lines[0]).toBe(GSTR1_CSV_COLUMNS.join(","));
    expect(lines).toHaveLength(1 + 8 + 4);
    const taxableCol = GSTR1_CSV_COLUMNS.indexOf("taxable_value");
    const csvTaxable = lines.slice(1).reduce((s, l) => {
      const cells = l.split(",");
      const sign = cells[1] === "credit_note" && cells[0] !== "b2cs" ? -1n : 1n;
      return s + sign * paise(Number(cells[taxableCol]));
    }, 0n);
    expect(csvTaxable).toBe(allInvoices.taxable);
    for (const bad of ["", "period=2031-13", "period=2031-07&from=2031-07-01&to=2031-07-31", "from=2031-07-01&to=2031-12-31", "from=2031-02-30&to=2031-03-01", "period=2031-07&format=xml"]) {
      const r = await get(bad);
      expect(r.status, bad).toBe(400);
      expect((await r.json()).error.code, bad).toBe("invalid_request");
    }
  });
});
