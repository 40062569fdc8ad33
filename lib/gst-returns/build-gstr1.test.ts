import { describe, expect, it } from "vitest";
import { splitGstInclusive } from "@/lib/gst/split-inclusive";
import { b2clThresholdPaise, buildGstr1, invoiceSection, portalDate, type Gstr1Invoice } from "./build-gstr1";
import { gstr1Csv, rupeeText } from "./gstr1-view";
import { gstr1QuerySchema } from "./schemas";

let seq = 0;
function invoice(totalPaise: bigint, pos: string, gstin: string | null, issuedAt = new Date("2026-11-10T06:00:00Z"), sequenceNumber = ++seq): Gstr1Invoice {
  const s = splitGstInclusive({ totalPaise, supplierStateCode: "29", placeOfSupplyStateCode: pos });
  return {
    taxablePaise: s.taxablePaise,
    cgstPaise: s.cgstPaise,
    sgstPaise: s.sgstPaise,
    igstPaise: s.igstPaise,
    totalPaise,
    number: `KH-2627-${String(sequenceNumber).padStart(6, "0")}`,
    financialYear: "2627",
    sequenceNumber,
    issuedAt,
    recipientGstin: gstin,
    placeOfSupply: pos,
    supplyKind: s.kind,
    ratePercent: 18,
    sacCode: "998315",
  };
}

describe("B2CL threshold (Rule 59(4), Notification 12/2024–CT from 1 Aug 2024)", () => {
  it.each<[string, string, bigint]>([
    ["31 Jul 2024 23:59 IST", "2024-07-31T18:29:00Z", 25000000n],
    ["1 Aug 2024 00:00 IST", "2024-07-31T18:30:00Z", 10000000n],
    ["Nov 2026", "2026-11-10T06:00:00Z", 10000000n],
  ])("%s", (_label, iso, threshold) => {
    expect(b2clThresholdPaise(new Date(iso))).toBe(threshold);
  });

  it.each<[string, bigint, string, string | null, string]>([
    ["registered, any value", 50000000n, "27", "27AAPFU0939F1ZV", "b2b"],
    ["inter-state unregistered, ₹1,00,000.01", 10000001n, "27", null, "b2cl"],
    ["inter-state unregistered, exactly ₹1,00,000 (not more than)", 10000000n, "27", null, "b2cs"],
    ["intra-state unregistered, ₹5,00,000 (B2CL is inter-state only)", 50000000n, "29", null, "b2cs"],
  ])("%s → %s", (_label, total, pos, gstin, section) => {
    expect(invoiceSection(invoice(total, pos, gstin))).toBe(section);
  });

  it("before August 2024 ₹2,00,000 inter-state unregistered was B2CS", () => {
    expect(invoiceSection(invoice(20000000n, "27", null, new Date("2024-07-15T06:00:00Z")))).toBe("b2cs");
  });
});

describe("buildGstr1", () => {
  it("writes the GST3.2.4 offline-tool envelope: gstin, fp, version, hash first; Table 12 split B2B / B2C; Table 13 as doc_det", () => {
    const b2b = invoice(118000n, "29", "29AAPFU0939F1ZV");
    const b2c = invoice(59000n, "29", null);
    const { json } = buildGstr1({ gstin: "29AAGCB7383J1Z4", fp: "112026", invoices: [b2b, b2c], creditNotes: [] });
    expect(Object.keys(json).slice(0, 4)).toEqual(["gstin", "fp", "version", "hash"]);
    expect(json).toMatchObject({ gstin: "29AAGCB7383J1Z4", fp: "112026", version: "GST3.2.4", hash: "hash" });
    const hsn = json.hsn as { hsn_b2b: { hsn_sc: string; txval: number }[]; hsn_b2c: { hsn_sc: string; txval: number }[] };
    expect(Object.keys(hsn)).toEqual(["hsn_b2b", "hsn_b2c"]);
    expect(hsn.hsn_b2b.map((r) => [r.hsn_sc, r.txval])).toEqual([["998315", 1000]]);
    expect(hsn.hsn_b2c.map((r) => [r.hsn_sc, r.txval])).toEqual([["998315", 500]]);
    expect(json.doc_issue).toEqual({
      doc_det: [{ doc_num: 1, doc_typ: "Invoices for outward supply", docs: [{ num: 1, from: b2b.number, to: b2c.number, totnum: 2, cancel: 0, net_issue: 2 }] }],
    });
  });

  it("documents issued: consecutive runs per series, a hole where a number is dated in another period", () => {
    const invs = [invoice(100n, "29", null, undefined, 1), invoice(100n, "29", null, undefined, 2), invoice(100n, "29", null, undefined, 4)];
    const r = buildGstr1({ gstin: "29AAGCB7383J1Z4", fp: "112026", invoices: invs, creditNotes: [] });
    expect(r.json.doc_issue).toEqual({
      doc_det: [
        {
          doc_num: 1,
          doc_typ: "Invoices for outward supply",
          docs: [
            { num: 1, from: "KH-2627-000001", to: "KH-2627-000002", totnum: 2, cancel: 0, net_issue: 2 },
            { num: 2, from: "KH-2627-000004", to: "KH-2627-000004", totnum: 1, cancel: 0, net_issue: 1 },
          ],
        },
      ],
    });
  });

  it("a B2CS credit note larger than the month's B2CS sales leaves a negative consolidation (net)", () => {
    const old = invoice(118000n, "29", null, new Date("2026-10-10T06:00:00Z"));
    const note = { ...old, number: "KC-2627-000001", sequenceNumber: 1, issuedAt: new Date("2026-11-11T06:00:00Z"), invoice: old };
    const r = buildGstr1({ gstin: "29AAGCB7383J1Z4", fp: "112026", invoices: [], creditNotes: [note] });
    expect(r.json.b2cs).toEqual([{ sply_ty: "INTRA", pos: "29", typ: "OE", rt: 18, txval: -1000, camt: -90, samt: -90, csamt: 0 }]);
    expect(r.json.cdnur).toEqual([]);
    expect(gstr1Csv(r).split("\r\n")[1]).toBe(`b2cs,credit_note,KC-2627-000001,11-11-2026,,29,INTRA,18,-1180.00,-1000.00,0.00,-90.00,-90.00,0.00,${old.number}`);
  });

  it("dates and rupees as the portal writes them", () => {
    expect(portalDate(new Date("2027-03-31T18:29:00Z"))).toBe("31-03-2027");
    expect(rupeeText(-1n)).toBe("-0.01");
    expect(rupeeText(123456n)).toBe("1234.56");
  });
});

describe("gstr1QuerySchema", () => {
  it.each<[string, Record<string, string>, string, string, string]>([
    ["a month", { period: "2026-11" }, "2026-10-31T18:30:00.000Z", "2026-11-30T18:30:00.000Z", "112026"],
    ["a quarter (fp = its last month)", { from: "2026-10-01", to: "2026-12-31" }, "2026-09-30T18:30:00.000Z", "2026-12-31T18:30:00.000Z", "122026"],
  ])("%s", (_label, q, start, end, fp) => {
    const p = gstr1QuerySchema.parse(q);
    expect([p.startUtc.toISOString(), p.endUtc.toISOString(), p.fp, p.format]).toEqual([start, end, fp, "json"]);
  });

  // `from=8` once reached the calendar check after the pattern failed, and new Date("8T…").toISOString() threw (a 500).
  it.each<[string, Record<string, string>]>([
    ["not a date", { from: "8", to: "2026-11-30" }],
    ["not a date, alone", { from: "8" }],
    ["not a calendar date", { from: "2026-02-30", to: "2026-03-01" }],
    ["to before from", { from: "2026-11-02", to: "2026-11-01" }],
    ["longer than a quarter", { from: "2026-01-01", to: "2026-06-30" }],
    ["period and dates", { period: "2026-11", from: "2026-11-01", to: "2026-11-30" }],
  ])("refuses %s without throwing", (_label, q) => {
    const r = gstr1QuerySchema.safeParse(q);
    expect(r.success).toBe(false);
  });
});
