/**
 * Sample issued invoices for tests and for eyeballing the layout
 * (`npx tsx lib/invoices/pdf/render-sample.ts /tmp/invoice-sample.pdf`).
 */
import { computeInvoice, type IssuedInvoiceView } from "@/lib/gst/compute-invoice";

export const SAMPLE_SUPPLIER = {
  legalName: "Khata Technologies Private Limited",
  address: "3rd Floor, 80 Feet Road, Koramangala 4th Block\nBengaluru, Karnataka 560034",
  stateCode: "29",
  gstin: "29AAGCB7383J1Z4",
  email: "billing@khata.example",
  phone: "+91 80 4000 0000",
};

/** Karnataka → Karnataka, registered recipient: CGST 9% + SGST 9%. ₹5,000.00 for 1,00,000 credits. */
export function sampleIntraStateInvoice(): IssuedInvoiceView {
  return {
    ...computeInvoice({
      totalPaise: 500000n,
      supplier: SAMPLE_SUPPLIER,
      recipient: {
        legalName: "Sri Lakshmi Kirana & General Stores",
        address: "No. 14, 2nd Cross, Jayanagar 4th Block\nBengaluru, Karnataka 560011",
        stateCode: "29",
        gstin: "29AAKCS4821M1ZS",
        email: "accounts@srilakshmi.example",
        phone: "+91 98450 12345",
      },
      description: "Khata billing credits — Growth pack (valid 1 month)",
      quantityCredits: 100000n,
    }),
    invoiceNumber: "KH-2627-000001",
    issuedAtIst: "23 Nov 2026",
  };
}

/** Karnataka → Maharashtra, registered recipient: IGST 18%. ₹1,23,456.78. */
export function sampleInterStateInvoice(): IssuedInvoiceView {
  return {
    ...computeInvoice({
      totalPaise: 12345678n,
      supplier: SAMPLE_SUPPLIER,
      recipient: {
        legalName: "Umbrella Traders LLP",
        address: "Unit 5, Marol Industrial Estate, Andheri East\nMumbai, Maharashtra 400069",
        stateCode: "27",
        gstin: "27AAPFU0939F1ZV",
      },
      description: "Khata billing credits — Enterprise pack (valid 1 month)",
      quantityCredits: 2500000n,
    }),
    invoiceNumber: "KH-2627-000042",
    issuedAtIst: "01 Dec 2026",
  };
}

/** Karnataka → Delhi, unregistered (B2C) recipient, no credit quantity: IGST 18%. ₹999.99. */
export function sampleB2cInvoice(): IssuedInvoiceView {
  return {
    ...computeInvoice({
      totalPaise: 99999n,
      supplier: SAMPLE_SUPPLIER,
      recipient: { legalName: "Rahul Verma", address: "B-12, Lajpat Nagar II\nNew Delhi 110024", stateCode: "07" },
      description: "Khata Starter plan — monthly subscription",
    }),
    invoiceNumber: "KH-2627-000107",
    issuedAtIst: "05 Jan 2027",
  };
}
