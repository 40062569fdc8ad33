/**
 * The receipt of an offline payment: who received how much from whom, when, by which mode and reference, against
 * which tax invoice. Pure presentation of a ReceiptView; fonts registered by renderReceiptPdf.
 */
import { Document, Page, StyleSheet, Text, View } from "@react-pdf/renderer";
import { INVOICE_FONT_FAMILY } from "@/lib/invoices/pdf/font-family";
import type { ReceiptView } from "../receipt-view";

const s = StyleSheet.create({
  page: { fontFamily: INVOICE_FONT_FAMILY, fontSize: 10, color: "#1f2937", padding: 40 },
  title: { fontSize: 18, fontWeight: "bold", color: "#1e3a5f", marginBottom: 4 },
  supplier: { fontSize: 12, fontWeight: "bold", marginBottom: 2 },
  muted: { color: "#6b7280" },
  rule: { borderBottomWidth: 1.5, borderBottomColor: "#1e3a5f", marginVertical: 12 },
  row: { flexDirection: "row", marginBottom: 5 },
  key: { width: 140, color: "#6b7280" },
  value: { flex: 1 },
  amount: { fontSize: 14, fontWeight: "bold" },
});

function Row({ label, children }: { label: string; children: string }) {
  return (
    <View style={s.row}>
      <Text style={s.key}>{label}</Text>
      <Text style={s.value}>{children}</Text>
    </View>
  );
}

export function ReceiptDocument({ receipt }: { receipt: ReceiptView }) {
  return (
    <Document title={`Receipt ${receipt.receiptNumber}`} author={receipt.supplier.legalName}>
      <Page size="A4" style={s.page}>
        <Text style={s.title}>PAYMENT RECEIPT</Text>
        <Text style={s.supplier}>{receipt.supplier.legalName}</Text>
        <Text style={s.muted}>{receipt.supplier.address}</Text>
        <Text style={s.muted}>GSTIN {receipt.supplier.gstin}</Text>
        <View style={s.rule} />
        <Row label="Receipt No.">{receipt.receiptNumber}</Row>
        <Row label="Receipt date">{receipt.receiptDate}</Row>
        <Row label="Received from">{`${receipt.receivedFrom.legalName}\n${receipt.receivedFrom.address}`}</Row>
        <View style={s.row}>
          <Text style={s.key}>Amount received</Text>
          <Text style={[s.value, s.amount]}>{receipt.amount}</Text>
        </View>
        <Row label="Paid on">{receipt.paidOn}</Row>
        <Row label="Mode">{receipt.mode}</Row>
        <Row label="Reference">{receipt.reference ?? "—"}</Row>
        <Row label="Towards">{receipt.paysFor}</Row>
        <Row label="Tax invoice">{receipt.invoiceNumber}</Row>
        <View style={s.rule} />
        <Text style={s.muted}>This receipt acknowledges the payment; the tax invoice above is the GST document.</Text>
      </Page>
    </Document>
  );
}
