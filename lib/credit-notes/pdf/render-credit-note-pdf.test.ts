import { execFileSync, spawnSync } from "node:child_process";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { IssuedCreditNoteSnapshot } from "../credit-note-snapshot";
import { sampleInterStateCreditNote, sampleIntraStateCreditNote } from "./fixtures";
import { renderCreditNotePdf } from "./render-credit-note-pdf";

let dir: string;
beforeAll(() => {
  const r = spawnSync("pdftotext", ["-v"], { encoding: "utf8" });
  if (r.error) throw new Error(`pdftotext is not installed (${r.error.message}). Install poppler-utils`);
  dir = mkdtempSync(path.join(tmpdir(), "khata-credit-note-pdf-"));
});
afterAll(() => {
  if (dir) rmSync(dir, { recursive: true, force: true });
});

async function text(name: string, note: IssuedCreditNoteSnapshot) {
  const bytes = await renderCreditNotePdf(note);
  expect(bytes.subarray(0, 5).toString("latin1")).toBe("%PDF-");
  const file = path.join(dir, `${name}.pdf`);
  writeFileSync(file, bytes);
  const layout = execFileSync("pdftotext", ["-layout", "-enc", "UTF-8", file, "-"], { encoding: "utf8" });
  const flow = execFileSync("pdftotext", ["-enc", "UTF-8", file, "-"], { encoding: "utf8" }).replace(/\s+/g, " ");
  return { layout, flow };
}

function expectCreditNote(t: { layout: string; flow: string }, note: IssuedCreditNoteSnapshot) {
  expect(t.layout).toContain("CREDIT NOTE");
  expect(t.layout).not.toContain("TAX INVOICE");
  expect(t.layout).toMatch(new RegExp(`Credit Note No\\.\\s+${note.creditNoteNumber}`));
  expect(t.layout).toMatch(new RegExp(`Credit Note Date\\s+${note.issuedAtIst}`));
  expect(t.flow).toContain(`No. ${note.originalInvoice.invoiceNumber} dated ${note.originalInvoice.issuedAtIst}`);
  expect(t.flow).toContain(note.reason);
  expect(t.layout).toContain(note.supplier.legalName);
  expect(t.layout).toContain(note.recipient.legalName);
  expect(t.layout).toContain("Authorised Signatory");
  expect(t.flow).toContain(note.amountInWords);
  for (const bad of ["undefined", "NaN", "null", "[object Object]"]) expect(t.layout).not.toContain(bad);
}

describe("renderCreditNotePdf", () => {
  it("intra-state: the reversed taxable value, CGST and SGST, and the original invoice", async () => {
    const note = sampleIntraStateCreditNote();
    const t = await text("intra", note);
    expectCreditNote(t, note);
    expect(t.layout).toContain("KC-2627-000001");
    expect(t.flow).toContain("No. KH-2627-000001 dated 23 Nov 2026");
    expect(t.layout).toMatch(/Taxable Value Reversed\s+₹1,000\.00/);
    expect(t.layout).toMatch(/CGST @ 9%\s+₹90\.00/);
    expect(t.layout).toMatch(/SGST @ 9%\s+₹90\.00/);
    expect(t.layout).toMatch(/Credit Note Total\s+₹1,180\.00/);
    expect(t.layout).not.toContain("IGST");
  }, 30_000);

  it("inter-state: IGST, the whole invoice reversed", async () => {
    const note = sampleInterStateCreditNote();
    const t = await text("inter", note);
    expectCreditNote(t, note);
    expect(t.layout).toMatch(/IGST @ 18%\s+₹18,832\.39/);
    expect(t.layout).toMatch(/Credit Note Total\s+₹1,23,456\.78/);
    expect(t.layout).toContain("Chargeback lost (dispute 4455)");
  }, 30_000);
});
