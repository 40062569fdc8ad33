import { execFileSync } from "node:child_process";
import { createHash } from "node:crypto";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { eq } from "drizzle-orm";
import { expect, it } from "vitest";
import { invoices } from "@/lib/db/schema";
import { gstinCheckChar } from "@/lib/gst/gstin";
import { ensureInvoiceRendering } from "@/lib/invoices/ensure-invoice-rendering";
import { describeWithDatabase } from "@/lib/testing/database";
import { createAccount } from "@/lib/testing/factories";
import { createInvoicedOrder, TEST_SUPPLIER } from "@/lib/testing/invoices";
import { localIrp } from "./irp-client";

function pdfText(bytes: Buffer): string {
  const dir = mkdtempSync(path.join(tmpdir(), "einv-"));
  try {
    writeFileSync(path.join(dir, "i.pdf"), bytes);
    return execFileSync("pdftotext", ["-layout", path.join(dir, "i.pdf"), "-"], { encoding: "utf8" });
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

function pdfImageCount(bytes: Buffer): number {
  const dir = mkdtempSync(path.join(tmpdir(), "einv-img-"));
  try {
    writeFileSync(path.join(dir, "i.pdf"), bytes);
    const list = execFileSync("pdfimages", ["-list", path.join(dir, "i.pdf")], { encoding: "utf8" });
    // Rows after the two header lines; an image's alpha channel is its own "smask" row, not another image.
    return list.trim().split("\n").slice(2).filter((row) => row.trim().split(/\s+/)[2] === "image").length;
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

describeWithDatabase("e-invoice registration before the PDF", (ctx) => {
  const ackAt = new Date("2026-11-23T06:05:00Z");
  const irp = localIrp({ now: () => ackAt });

  it("a B2B invoice gets its IRN, ack and signed QR stored, and the one stored PDF prints them", async () => {
    const { accountId } = await createAccount(ctx.db);
    const buyer = "27AAPFU0939F1Z" + gstinCheckChar("27AAPFU0939F1Z");
    const { invoice } = await createInvoicedOrder(ctx.db, { accountId, recipientStateCode: "27", recipientGstin: buyer, recipientAddress: "Unit 5, Andheri East\nMumbai 400069" });
    const first = await ensureInvoiceRendering(ctx.db, invoice.id, irp);
    const [row] = await ctx.db.select().from(invoices).where(eq(invoices.id, invoice.id));
    // NIC's IRN: SHA-256 of supplier GSTIN + financial year + document type + number.
    const expectedIrn = createHash("sha256").update(`${TEST_SUPPLIER.gstin}2627INV${invoice.invoiceNumber}`).digest("hex");
    expect(row).toMatchObject({ irn: expectedIrn, irnAckAt: ackAt });
    expect(row!.irnAckNo).toMatch(/^\d{15}$/);
    expect(row!.irnSignedQr!.split(".")).toHaveLength(3);
    const claims = JSON.parse(Buffer.from(row!.irnSignedQr!.split(".")[1]!, "base64url").toString()) as { data: string };
    expect(JSON.parse(claims.data)).toMatchObject({ SellerGstin: TEST_SUPPLIER.gstin, BuyerGstin: buyer, DocNo: invoice.invoiceNumber, DocTyp: "INV", Irn: expectedIrn, TotInvVal: 5000 });
    const text = pdfText(first.bytes);
    expect(text).toMatch(new RegExp(`IRN\\s+${expectedIrn}`));
    expect(text).toMatch(new RegExp(`Ack No\\.\\s+${row!.irnAckNo}`));
    // The signed QR is drawn: the PDF carries exactly one image (the invoice has no other).
    expect(pdfImageCount(first.bytes)).toBe(1);
    // Rendered once: a second call (job retry, download) serves the stored bytes and registers nothing again.
    const second = await ensureInvoiceRendering(ctx.db, invoice.id, { generateIrn: () => Promise.reject(new Error("must not be called")) });
    expect(second.sha256).toBe(first.sha256);
  });

  it("nothing is registered for a B2C invoice, without an IRP, or when the IRP fails (the job retries)", async () => {
    const { accountId } = await createAccount(ctx.db);
    const b2c = await createInvoicedOrder(ctx.db, { accountId, recipientStateCode: "27", recipientAddress: "Mumbai 400069" });
    await ensureInvoiceRendering(ctx.db, b2c.invoice.id, irp);
    const gstin = "29AAKCS4821M1Z" + gstinCheckChar("29AAKCS4821M1Z");
    const off = await createInvoicedOrder(ctx.db, { accountId, recipientGstin: gstin, recipientAddress: "Bengaluru 560011" });
    await ensureInvoiceRendering(ctx.db, off.invoice.id, null);
    const down = await createInvoicedOrder(ctx.db, { accountId, recipientGstin: gstin, recipientAddress: "Bengaluru 560011" });
    await expect(ensureInvoiceRendering(ctx.db, down.invoice.id, { generateIrn: () => Promise.reject(new Error("IRP unreachable")) })).rejects.toThrow("IRP unreachable");
    const rows = await ctx.db.select({ id: invoices.id, irn: invoices.irn }).from(invoices).where(eq(invoices.accountId, accountId));
    expect(rows.every((r) => r.irn === null)).toBe(true);
    // The failed one has no PDF yet: its retry registers and renders it.
    const retried = await ensureInvoiceRendering(ctx.db, down.invoice.id, irp);
    expect(pdfText(retried.bytes)).toContain("E-INVOICE");
  });
});
