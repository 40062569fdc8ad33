import Ajv from "ajv";
import { describe, expect, it } from "vitest";
import published from "./schema/einvoice-schema-v1.1.json";
import { computeInvoice, type IssuedInvoiceView } from "@/lib/gst/compute-invoice";
import { gstinCheckChar } from "@/lib/gst/gstin";
import { buildInv01 } from "./build-inv01";
import { inv01JsonSchema } from "./inv01-schema";

const validate = new Ajv({ allErrors: true }).compile(inv01JsonSchema());
const SUPPLIER = {
  legalName: "Khata Technologies Private Limited",
  address: "3rd Floor, 80 Feet Road\nKoramangala, Bengaluru 560034",
  stateCode: "29",
  gstin: "29AAGCB7383J1Z4",
  email: "billing@khata.example",
};
const gstin = (first14: string) => first14 + gstinCheckChar(first14);

function issued(totalPaise: bigint, stateCode: string, recipientGstin: string | null, address = "Unit 5, Andheri East\nMumbai 400069"): IssuedInvoiceView {
  return {
    ...computeInvoice({
      totalPaise,
      supplier: SUPPLIER,
      recipient: { legalName: "Umbrella \"Corp\" LLP", address, stateCode, gstin: recipientGstin, email: "accounts@umbrella.example" },
      description: "API access services — prepaid usage credits (5,000 credits)",
      quantityCredits: 5000n,
    }),
    invoiceNumber: "KH-2627-000042",
    issuedAtIst: "31 Mar 2027",
  };
}
const at = new Date("2027-03-31T18:29:00Z"); // 23:59 IST, 31 March 2027

describe("INV-01 (e-invoice schema 1.1)", () => {
  it.each<[string, IssuedInvoiceView]>([
    ["inter-state B2B (IGST)", issued(500000n, "27", gstin("27AAPFU0939F1Z"))],
    ["intra-state B2B (CGST + SGST)", issued(500000n, "29", gstin("29AAKCS4821M1Z"), "Jayanagar 4th Block\nBengaluru 560011")],
    ["intra-state with a one-paisa round-off (₹999)", issued(99900n, "29", gstin("29AAKCS4821M1Z"), "Bengaluru 560011")],
  ])("%s validates against the published schema and foots", (_label, invoice) => {
    const r = buildInv01(invoice, at);
    if (!r.ok) throw new Error(r.reason);
    const valid = validate(r.payload);
    expect(validate.errors ?? []).toEqual([]);
    expect(valid).toBe(true);
    const v = r.payload.ValDtls;
    expect(Math.round((v.AssVal + v.CgstVal + v.SgstVal + v.IgstVal + v.RndOffAmt) * 100)).toBe(Math.round(v.TotInvVal * 100));
    expect(v.CgstVal).toBe(v.SgstVal);
    expect(r.payload.DocDtls).toEqual({ Typ: "INV", No: "KH-2627-000042", Dt: "31/03/2027" });
  });

  it("fills the documented fields", () => {
    const r = buildInv01(issued(99900n, "29", gstin("29AAKCS4821M1Z"), "Jayanagar 4th Block\nBengaluru 560011"), at);
    expect(r).toMatchObject({
      ok: true,
      payload: {
        Version: "1.1",
        TranDtls: { TaxSch: "GST", SupTyp: "B2B", RegRev: "N", IgstOnIntra: "N" },
        SellerDtls: { Gstin: "29AAGCB7383J1Z4", Loc: "Koramangala, Bengaluru", Pin: 560034, Stcd: "29", Addr1: "3rd Floor, 80 Feet Road" },
        BuyerDtls: { LglNm: "Umbrella 'Corp' LLP", Pos: "29", Loc: "Bengaluru", Pin: 560011, Addr1: "Jayanagar 4th Block" },
        ItemList: [{ SlNo: "1", IsServc: "Y", HsnCd: "998315", Qty: 1, Unit: "OTH", AssAmt: 846.61, GstRt: 18, CgstAmt: 76.19, SgstAmt: 76.19, IgstAmt: 0, TotItemVal: 998.99 }],
        ValDtls: { AssVal: 846.61, CgstVal: 76.19, SgstVal: 76.19, IgstVal: 0, RndOffAmt: 0.01, TotInvVal: 999 },
      },
    });
  });

  it.each<[string, IssuedInvoiceView, RegExp]>([
    ["a B2C invoice", issued(500000n, "27", null), /not a B2B/],
    ["an address without a PIN", issued(500000n, "27", gstin("27AAPFU0939F1Z"), "Andheri East, Mumbai"), /PIN/],
  ])("refuses %s", (_label, invoice, reason) => {
    const r = buildInv01(invoice, at);
    expect(r.ok).toBe(false);
    if (!r.ok) expect(r.reason).toMatch(reason);
  });

  it("the schema refuses what the IRP would (so the validation above is not vacuous)", () => {
    const r = buildInv01(issued(500000n, "27", gstin("27AAPFU0939F1Z")), at);
    if (!r.ok) throw new Error(r.reason);
    const broken = [
      { ...r.payload, BuyerDtls: { ...r.payload.BuyerDtls, Gstin: "27-NOT-A-GSTIN" } },
      { ...r.payload, DocDtls: { ...r.payload.DocDtls, Dt: "2027-03-31" } },
      { ...r.payload, DocDtls: { ...r.payload.DocDtls, No: "KH-2627-0000000042" } },
      { ...r.payload, ItemList: [{ ...r.payload.ItemList[0]!, IsServc: "S" }] },
      { ...r.payload, ItemList: r.payload.ItemList[0] },
      { ...r.payload, ValDtls: { ...r.payload.ValDtls, RndOffAmt: 100 } },
      (({ SellerDtls: _s, ...rest }) => rest)(r.payload),
    ];
    for (const doc of broken) expect(validate(doc), JSON.stringify(doc).slice(0, 80)).toBe(false);
  });

  it("the derived schema keeps every published section and field", () => {
    const derived = inv01JsonSchema() as { properties: Record<string, { properties?: Record<string, unknown>; items?: { properties: Record<string, unknown> } }>; required: string[] };
    const sections = Object.keys(published).filter((k) => !["$schema", "Title", "Description", "required"].includes(k)).map((k) => k.trim());
    expect(Object.keys(derived.properties)).toEqual(sections);
    expect(derived.required).toEqual(["Version", "TranDtls", "DocDtls", "SellerDtls", "BuyerDtls", "ItemList", "ValDtls"]);
    expect(Object.keys(derived.properties.ItemList!.items!.properties)).toHaveLength(Object.keys((published.ItemList[0] as { properties: object }).properties).length);
    expect(Object.keys(derived.properties.BuyerDtls!.properties!)).toEqual(Object.keys(published.BuyerDtls.properties));
  });
});
