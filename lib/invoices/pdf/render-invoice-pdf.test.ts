import { execFileSync, spawnSync } from "node:child_process";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { computeInvoice, type IssuedInvoiceView } from "@/lib/gst/compute-invoice";
import { SAMPLE_SUPPLIER, sampleB2cInvoice, sampleInterStateInvoice, sampleIntraStateInvoice } from "./fixtures";
import { invoiceFontDirCandidates, resolveInvoiceFonts } from "./fonts";
import { renderInvoicePdf } from "./render-invoice-pdf";

/** Fails (never skips) when poppler-utils is missing, so CI cannot silently lose this coverage. */
function requirePoppler(tool: "pdftotext" | "pdffonts"): void {
  const r = spawnSync(tool, ["-v"], { encoding: "utf8" });
  if (r.error) {
    throw new Error(`${tool} is not installed (${r.error.message}). Install poppler-utils: apt-get install poppler-utils`);
  }
}

let dir: string;
beforeAll(() => {
  requirePoppler("pdftotext");
  requirePoppler("pdffonts");
  dir = mkdtempSync(path.join(tmpdir(), "khata-invoice-pdf-"));
});
afterAll(() => {
  if (dir) rmSync(dir, { recursive: true, force: true });
});

type Extracted = { layout: string; flow: string; fonts: string; bytes: Buffer };

async function renderAndExtract(name: string, view: IssuedInvoiceView): Promise<Extracted> {
  const bytes = await renderInvoicePdf(view);
  const file = path.join(dir, `${name}.pdf`);
  writeFileSync(file, bytes);
  const layout = execFileSync("pdftotext", ["-layout", "-enc", "UTF-8", file, "-"], { encoding: "utf8" });
  // Reading-order text with whitespace collapsed: for assertions on text that wraps inside a box.
  const flow = execFileSync("pdftotext", ["-enc", "UTF-8", file, "-"], { encoding: "utf8" }).replace(/\s+/g, " ");
  const fonts = execFileSync("pdffonts", [file], { encoding: "utf8" });
  return { layout, flow, fonts, bytes };
}

function expectCommon(x: Extracted, view: IssuedInvoiceView): void {
  expect(x.bytes.subarray(0, 5).toString("latin1")).toBe("%PDF-");
  const t = x.layout;
  expect(t).toContain("TAX INVOICE");
  expect(t).toContain(view.invoiceNumber);
  expect(t).toContain(view.issuedAtIst);
  expect(t).toContain(view.supplier.legalName);
  expect(t).toContain(`GSTIN: ${view.supplier.gstin}`);
  expect(t).toContain(view.recipient.legalName);
  expect(t).toMatch(new RegExp(`Place of Supply\\s+${view.placeOfSupply.stateName} \\(${view.placeOfSupply.stateCode}\\)`));
  expect(t).toContain("998315");
  expect(t).toContain("Whether tax is payable under reverse charge: No");
  expect(t).toContain("Authorised Signatory");
  expect(t).toContain("This is a computer-generated invoice");
  expect(t).toMatch(/Page 1 of 1/);
  expect(t).toMatch(new RegExp(`Invoice Total\\s+${escape(view.totals.total)}`));
  expect(t).toMatch(new RegExp(`Taxable Value\\s+${escape(view.totals.taxable)}`));
  expect(x.flow).toContain(view.amountInWords);
  for (const bad of ["undefined", "NaN", "null", "[object Object]"]) expect(t).not.toContain(bad);
  // ₹ needs an embedded Unicode font; the standard 14 fonts have no U+20B9.
  expect(x.fonts).toMatch(/DejaVuSans\s/);
  expect(x.fonts).toMatch(/DejaVuSans-Bold\s/);
  expect(x.fonts).not.toMatch(/Helvetica/);
}

function escape(s: string): string {
  return s.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
}

describe("renderInvoicePdf", () => {
  it("intra-state invoice (CGST + SGST)", async () => {
    const view = sampleIntraStateInvoice();
    const x = await renderAndExtract("intra", view);
    expectCommon(x, view);
    const t = x.layout;
    expect(t).toContain("KH-2627-000001");
    expect(t).toContain("29AAGCB7383J1Z4"); // supplier
    expect(t).toContain("29AAKCS4821M1ZS"); // recipient
    expect(t).toMatch(/State \/ Code\s+Karnataka \/ 29/);
    expect(t).toMatch(/CGST @ 9%\s+₹381\.36/);
    expect(t).toMatch(/SGST @ 9%\s+₹381\.36/);
    expect(t).toMatch(/Total Tax\s+₹762\.72/);
    expect(t).toMatch(/Taxable Value\s+₹4,237\.28/);
    expect(t).not.toContain("Round off");
    expect(t).toMatch(/Invoice Total\s+₹5,000\.00/);
    // table row: taxable, CGST rate/amount, SGST rate/amount, line total — in that order on one line
    expect(t).toMatch(/998315\s+1,00,000\s+₹4,237\.28\s+9%\s+₹381\.36\s+9%\s+₹381\.36\s+₹5,000\.00/);
    expect(t).not.toContain("IGST");
    expect(t).toContain("Rupees Five Thousand Only");
    // Issued before payment methods were stored: no payment line.
    expect(t).not.toContain("Paid by");
  }, 30_000);

  it("prints the one-paisa round-off where no exact split exists (₹999 intra-state)", async () => {
    const base = sampleIntraStateInvoice();
    const view = {
      ...base,
      ...computeInvoice({
        totalPaise: 99900n,
        supplier: SAMPLE_SUPPLIER,
        recipient: { legalName: "Asha Rao", address: "Jayanagar\nBengaluru 560011", stateCode: "29" },
        description: "Starter plan — 1 month",
      }),
    };
    const x = await renderAndExtract("round-off", view);
    expectCommon(x, view);
    const t = x.layout;
    expect(t).toMatch(/Taxable Value\s+₹846\.61/);
    expect(t).toMatch(/CGST @ 9%\s+₹76\.19/);
    expect(t).toMatch(/SGST @ 9%\s+₹76\.19/);
    expect(t).toMatch(/Round off\s+₹0\.01/);
    expect(t).toMatch(/Invoice Total\s+₹999\.00/);
  }, 30_000);

  it("prints how it was paid when the snapshot says so", async () => {
    const view = { ...sampleIntraStateInvoice(), payment: { method: "UPI (name@okhdfc)", cfPaymentId: "5114917039291" } };
    const x = await renderAndExtract("paid-by", view);
    expectCommon(x, view);
    expect(x.flow).toContain("Paid by UPI (name@okhdfc), Cashfree payment id 5114917039291");
  }, 30_000);

  it("inter-state invoice (IGST)", async () => {
    const view = sampleInterStateInvoice();
    const x = await renderAndExtract("inter", view);
    expectCommon(x, view);
    const t = x.layout;
    expect(t).toContain("KH-2627-000042");
    expect(t).toContain("29AAGCB7383J1Z4");
    expect(t).toContain("27AAPFU0939F1ZV");
    expect(t).toMatch(/Place of Supply\s+Maharashtra \(27\)/);
    expect(t).toMatch(/IGST @ 18%\s+₹18,832\.39/);
    expect(t).toMatch(/998315\s+25,00,000\s+₹1,04,624\.39\s+18%\s+₹18,832\.39\s+₹1,23,456\.78/);
    expect(t).toMatch(/Invoice Total\s+₹1,23,456\.78/);
    expect(t).not.toContain("CGST");
    expect(t).not.toContain("SGST");
    expect(x.flow).toContain("Rupees One Lakh Twenty-Three Thousand Four Hundred Fifty-Six and Seventy-Eight Paise Only");
  }, 30_000);

  it("unregistered (B2C) recipient prints 'Unregistered' instead of a GSTIN", async () => {
    const view = sampleB2cInvoice();
    const x = await renderAndExtract("b2c", view);
    expectCommon(x, view);
    expect(x.layout).toMatch(/GSTIN\s+Unregistered/);
    expect(x.layout).toMatch(/IGST @ 18%\s+₹152\.54/);
    expect(x.layout).toMatch(/Invoice Total\s+₹999\.99/);
    expect(x.flow).toContain("Rupees Nine Hundred Ninety-Nine and Ninety-Nine Paise Only");
  }, 30_000);
});

describe("invoice fonts", () => {
  it("resolves the committed DejaVu TTFs from public/fonts under cwd", () => {
    const { regular, bold } = resolveInvoiceFonts();
    expect(regular).toBe(path.join(process.cwd(), "public", "fonts", "DejaVuSans.ttf"));
    expect(bold).toBe(path.join(process.cwd(), "public", "fonts", "DejaVuSans-Bold.ttf"));
  });

  it("falls back to node_modules and reports every searched location", () => {
    expect(invoiceFontDirCandidates("/srv/app")).toEqual(
      expect.arrayContaining(["/srv/app/public/fonts", "/srv/app/node_modules/dejavu-fonts-ttf/ttf"]),
    );
    expect(() => resolveInvoiceFonts("/nonexistent-khata")).toThrow(/public\/fonts.*node_modules\/dejavu-fonts-ttf\/ttf/);
  });
});
