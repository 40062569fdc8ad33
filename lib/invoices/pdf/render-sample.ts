/**
 * Dev helper: write a sample invoice PDF for visual inspection.
 *   npx tsx lib/invoices/pdf/render-sample.ts [intra|inter|b2c] [out.pdf]
 */
import { writeFileSync } from "node:fs";
import { sampleB2cInvoice, sampleInterStateInvoice, sampleIntraStateInvoice } from "./fixtures";
import { renderInvoicePdf } from "./render-invoice-pdf";

const kind = process.argv[2] ?? "intra";
const out = process.argv[3] ?? "/tmp/invoice-sample.pdf";
const view = kind === "inter" ? sampleInterStateInvoice() : kind === "b2c" ? sampleB2cInvoice() : sampleIntraStateInvoice();
writeFileSync(out, await renderInvoicePdf(view));
console.log(`wrote ${out}`);
