import type { InvoiceView } from "@/lib/gst/compute-invoice";
import { formatInr } from "@/lib/money/format-inr";
import { formatIstDate } from "@/lib/money/ist";
import type { OfflinePaymentRow } from "./offline-payment-view";

/** Every string a receipt prints, from the payment row and its invoice's snapshot (both immutable once issued). */
export interface ReceiptView {
  receiptNumber: string;
  receiptDate: string;
  paidOn: string;
  supplier: { legalName: string; address: string; gstin: string };
  receivedFrom: { legalName: string; address: string };
  amount: string;
  mode: string;
  reference: string | null;
  paysFor: string;
  invoiceNumber: string;
}

const MODE_LABEL: Record<OfflinePaymentRow["mode"], string> = {
  Cash: "Cash",
  Cheque: "Cheque",
  DD: "Demand draft",
  Card: "Card",
  Bank: "Bank transfer (NEFT/RTGS/IMPS)",
  Online: "Online",
};

export function buildReceiptView(payment: OfflinePaymentRow, invoice: { invoiceNumber: string; snapshot: unknown }): ReceiptView {
  const snapshot = invoice.snapshot as InvoiceView;
  const [y, m, d] = payment.paidOn.split("-").map(Number) as [number, number, number];
  return {
    receiptNumber: payment.receiptNumber,
    receiptDate: formatIstDate(payment.recordedAt),
    paidOn: formatIstDate(new Date(Date.UTC(y, m - 1, d, 6, 30))),
    supplier: { legalName: snapshot.supplier.legalName, address: snapshot.supplier.addressLines.join("\n"), gstin: snapshot.supplier.gstin },
    receivedFrom: { legalName: snapshot.recipient.legalName, address: snapshot.recipient.addressLines.join("\n") },
    amount: formatInr(payment.amountPaise),
    mode: MODE_LABEL[payment.mode],
    reference: payment.reference,
    paysFor: payment.paysFor === "plan" ? `${payment.plan ?? ""} plan, 1 month (${payment.credits} included credits)` : `${payment.credits} prepaid credits`,
    invoiceNumber: invoice.invoiceNumber,
  };
}
