import { describe, expect, it } from "vitest";
import { computeInvoice, DEFAULT_SAC_CODE, InvoiceInputError, invoiceViewSchema, type ComputeInvoiceInput } from "./compute-invoice";
import { gstinCheckChar } from "./gstin";

const SUPPLIER = {
  legalName: "Khata Technologies Private Limited",
  address: "4th Floor, 12 MG Road\nBengaluru 560001",
  stateCode: "29",
  gstin: "29AAGCB7383J1Z4",
};
const KA_B2C = { legalName: "Asha Stores", address: "22 Jayanagar 4th Block, Bengaluru 560011", stateCode: "29" };
const MH_B2B = {
  legalName: "Umbrella Traders LLP",
  address: "Unit 5, Andheri East\n\nMumbai 400069  ",
  stateCode: "27",
  gstin: "27aapfu0939f1zv",
  email: "accounts@umbrella.example",
  phone: " +91 98200 00000 ",
};

function base(overrides: Partial<ComputeInvoiceInput> = {}): ComputeInvoiceInput {
  return { totalPaise: 500000n, supplier: SUPPLIER, recipient: KA_B2C, description: "Khata credits pack", ...overrides };
}

describe("computeInvoice", () => {
  it("intra-state B2C: CGST 9% + SGST 9%, full snapshot", () => {
    const v = computeInvoice(base({ quantityCredits: 100000n }));
    expect(v).toEqual({
      schemaVersion: 1,
      title: "TAX INVOICE",
      currency: "INR",
      supplier: {
        legalName: "Khata Technologies Private Limited",
        addressLines: ["4th Floor, 12 MG Road", "Bengaluru 560001"],
        stateCode: "29",
        stateName: "Karnataka",
        stateDisplay: "29 - Karnataka",
        gstin: "29AAGCB7383J1Z4",
        email: null,
        phone: null,
      },
      recipient: {
        legalName: "Asha Stores",
        addressLines: ["22 Jayanagar 4th Block, Bengaluru 560011"],
        stateCode: "29",
        stateName: "Karnataka",
        stateDisplay: "29 - Karnataka",
        gstin: null,
        email: null,
        phone: null,
      },
      recipientRegistered: false,
      placeOfSupply: { stateCode: "29", stateName: "Karnataka", display: "29 - Karnataka" },
      supplyKind: "intra",
      reverseCharge: "No",
      lineItems: [
        {
          serial: 1,
          description: "Khata credits pack",
          sacCode: "998315",
          quantity: "1,00,000",
          quantityValue: "100000",
          unit: "Credits",
          taxablePaise: "423728",
          taxableAmount: "₹4,237.28",
          taxLines: [
            { kind: "CGST", ratePercent: "9", label: "CGST @ 9%", amountPaise: "38136", amount: "₹381.36" },
            { kind: "SGST", ratePercent: "9", label: "SGST @ 9%", amountPaise: "38136", amount: "₹381.36" },
          ],
          totalPaise: "500000",
          totalAmount: "₹5,000.00",
        },
      ],
      taxRatePercent: "18",
      taxLines: [
        { kind: "CGST", ratePercent: "9", label: "CGST @ 9%", amountPaise: "38136", amount: "₹381.36" },
        { kind: "SGST", ratePercent: "9", label: "SGST @ 9%", amountPaise: "38136", amount: "₹381.36" },
      ],
      totals: {
        taxablePaise: "423728",
        taxable: "₹4,237.28",
        cgstPaise: "38136",
        sgstPaise: "38136",
        igstPaise: "0",
        totalTaxPaise: "76272",
        totalTax: "₹762.72",
        roundOffPaise: "0",
        roundOff: "₹0.00",
        totalPaise: "500000",
        total: "₹5,000.00",
      },
      amountInWords: "Rupees Five Thousand Only",
    });
    expect(invoiceViewSchema.parse(v)).toEqual(v);
  });

  it("inter-state B2B: IGST 18%, GSTIN normalised, PoS = recipient state", () => {
    const v = computeInvoice(base({ recipient: MH_B2B, totalPaise: 99999n }));
    expect(v.supplyKind).toBe("inter");
    expect(v.recipientRegistered).toBe(true);
    expect(v.recipient.gstin).toBe("27AAPFU0939F1ZV");
    expect(v.recipient.addressLines).toEqual(["Unit 5, Andheri East", "Mumbai 400069"]);
    expect(v.recipient.email).toBe("accounts@umbrella.example");
    expect(v.recipient.phone).toBe("+91 98200 00000");
    expect(v.placeOfSupply).toEqual({ stateCode: "27", stateName: "Maharashtra", display: "27 - Maharashtra" });
    expect(v.taxLines).toEqual([{ kind: "IGST", ratePercent: "18", label: "IGST @ 18%", amountPaise: "15254", amount: "₹152.54" }]);
    expect(v.totals).toMatchObject({ taxablePaise: "84745", cgstPaise: "0", sgstPaise: "0", igstPaise: "15254", totalPaise: "99999", total: "₹999.99" });
    expect(v.lineItems[0]).toMatchObject({ quantity: "1", quantityValue: "1", unit: null, totalPaise: "99999", taxLines: v.taxLines });
    expect(v.amountInWords).toBe("Rupees Nine Hundred Ninety-Nine and Ninety-Nine Paise Only");
  });

  it.each<[string, bigint, string, string, string, string, string, string]>([
    // [label, total, recipient state, taxable, tax line amounts (joined), round-off, its display, words]
    ["₹1 intra", 100n, "29", "84", "8,8", "0", "₹0.00", "Rupees One Only"],
    ["₹1 inter", 100n, "07", "85", "15", "0", "₹0.00", "Rupees One Only"],
    ["₹1,00,000 intra", 10000000n, "29", "8474576", "762712,762712", "0", "₹0.00", "Rupees One Lakh Only"],
    ["₹1 crore inter", 1000000000n, "33", "847457627", "152542373", "0", "₹0.00", "Rupees One Crore Only"],
    ["₹1 crore intra (round-off +1p)", 1000000000n, "29", "847457627", "76271186,76271186", "1", "₹0.01", "Rupees One Crore Only"],
    ["odd paise intra (round-off −1p)", 12345n, "29", "10462", "942,942", "-1", "-₹0.01", "Rupees One Hundred Twenty-Three and Forty-Five Paise Only"],
  ])("%s", (_label, total, state, taxable, taxes, roundOff, roundOffShown, words) => {
    const v = computeInvoice(base({ totalPaise: total, recipient: { ...KA_B2C, stateCode: state } }));
    expect(v.totals.taxablePaise).toBe(taxable);
    expect(v.taxLines.map((t) => t.amountPaise).join(",")).toBe(taxes);
    expect(v.amountInWords).toBe(words);
    expect(v.totals.roundOffPaise).toBe(roundOff);
    expect(v.totals.roundOff).toBe(roundOffShown);
    const sum = BigInt(v.totals.taxablePaise) + v.taxLines.reduce((a, t) => a + BigInt(t.amountPaise), 0n);
    expect(sum + BigInt(roundOff)).toBe(total);
    expect(v.lineItems[0]?.totalPaise).toBe(sum.toString());
    expect(BigInt(v.totals.totalTaxPaise)).toBe(total - BigInt(taxable) - BigInt(roundOff));
  });

  it("uses UTGST when supplier and place of supply are a UT without legislature", () => {
    const chdGstin = "04AAGCB7383J1Z" + gstinCheckChar("04AAGCB7383J1Z");
    const v = computeInvoice({
      ...base(),
      supplier: { ...SUPPLIER, stateCode: "04", gstin: chdGstin },
      recipient: { ...KA_B2C, stateCode: "04" },
    });
    expect(v.taxLines.map((t) => t.label)).toEqual(["CGST @ 9%", "UTGST @ 9%"]);
  });

  it("honours sacCode and ratePercent overrides", () => {
    const v = computeInvoice(base({ sacCode: "998314", ratePercent: 5, totalPaise: 10500n }));
    expect(v.lineItems[0]?.sacCode).toBe("998314");
    expect(v.taxRatePercent).toBe("5");
    expect(v.taxLines.map((t) => [t.label, t.amountPaise])).toEqual([
      ["CGST @ 2.5%", "250"],
      ["SGST @ 2.5%", "250"],
    ]);
  });

  it("defaults SAC to 998315", () => {
    expect(DEFAULT_SAC_CODE).toBe("998315");
    expect(computeInvoice(base()).lineItems[0]?.sacCode).toBe("998315");
  });

  it("is JSON-safe and round-trips through the schema", () => {
    const v = computeInvoice(base({ recipient: MH_B2B, quantityCredits: 2500n }));
    const json = JSON.parse(JSON.stringify(v)) as unknown;
    expect(invoiceViewSchema.parse(json)).toEqual(v);
  });

  it.each<[string, Partial<ComputeInvoiceInput>, string]>([
    ["zero total", { totalPaise: 0n }, "totalPaise"],
    ["negative total", { totalPaise: -1n }, "totalPaise"],
    ["blank description", { description: "  " }, "description"],
    ["bad SAC", { sacCode: "12345" }, "sacCode"],
    ["HSN instead of SAC", { sacCode: "847130" }, "sacCode"],
    ["zero credits", { quantityCredits: 0n }, "quantityCredits"],
    ["supplier without GSTIN", { supplier: { ...SUPPLIER, gstin: "" } }, "supplier.gstin"],
    ["supplier GSTIN bad checksum", { supplier: { ...SUPPLIER, gstin: "29AAGCB7383J1Z5" } }, "supplier.gstin"],
    ["supplier GSTIN other state", { supplier: { ...SUPPLIER, stateCode: "27" } }, "supplier.gstin"],
    ["supplier blank name", { supplier: { ...SUPPLIER, legalName: " " } }, "supplier.legalName"],
    ["recipient unknown state", { recipient: { ...KA_B2C, stateCode: "99" } }, "recipient.stateCode"],
    ["recipient GSTIN does not match billing state", { recipient: { ...MH_B2B, stateCode: "29" } }, "recipient.gstin"],
    ["recipient GSTIN garbage", { recipient: { ...MH_B2B, gstin: "NOTAGSTIN" } }, "recipient.gstin"],
  ])("rejects %s", (_label, overrides, field) => {
    let caught: unknown;
    try {
      computeInvoice(base(overrides));
    } catch (e) {
      caught = e;
    }
    expect(caught).toBeInstanceOf(InvoiceInputError);
    expect((caught as InvoiceInputError).field).toBe(field);
  });

  it("treats a blank/null recipient GSTIN as unregistered (B2C)", () => {
    for (const gstin of [null, undefined, "", "   "]) {
      const v = computeInvoice(base({ recipient: { ...KA_B2C, gstin } }));
      expect(v.recipient.gstin).toBeNull();
      expect(v.recipientRegistered).toBe(false);
    }
  });
});
