/**
 * What the GST documents' PDFs share (tax invoice, credit note): colours, the stylesheet, key–value rows and a
 * party's contact lines, so that a credit note looks like the invoice it reverses.
 */
import { StyleSheet, Text, View } from "@react-pdf/renderer";
import type { InvoicePartyView } from "@/lib/gst/compute-invoice";
import { INVOICE_FONT_FAMILY } from "./font-family";

const INK = "#1f2937";
const MUTED = "#6b7280";
const RULE = "#9ca3af";
const HEAD_BG = "#eef2f7";
const ACCENT = "#1e3a5f";

export const s = StyleSheet.create({
  page: {
    fontFamily: INVOICE_FONT_FAMILY,
    fontSize: 9,
    color: INK,
    paddingTop: 32,
    paddingBottom: 56,
    paddingHorizontal: 36,
  },
  // No inherited lineHeight anywhere: react-pdf resolves a unitless lineHeight against the font
  // size of the node that declares it (so a 16pt title under a 9pt page overlaps the next line),
  // and a render-prop Text inheriting one is silently dropped (page numbers vanish).
  bold: { fontWeight: "bold" },
  line: { marginBottom: 1.5 },
  muted: { color: MUTED },

  // header
  header: { flexDirection: "row", justifyContent: "space-between", alignItems: "flex-start" },
  supplierBlock: { width: "62%" },
  supplierName: { fontSize: 14, fontWeight: "bold", color: ACCENT, marginBottom: 3 },
  titleBlock: { width: "36%", alignItems: "flex-end" },
  title: { fontSize: 16, fontWeight: "bold", color: ACCENT, letterSpacing: 1 },
  copyLabel: { fontSize: 7.5, color: MUTED, marginTop: 2 },
  headerRule: { borderBottomWidth: 1.5, borderBottomColor: ACCENT, marginTop: 10, marginBottom: 10 },

  // meta + bill-to boxes
  boxes: { flexDirection: "row", borderWidth: 0.75, borderColor: RULE },
  box: { width: "50%", padding: 7 },
  boxLeft: { borderRightWidth: 0.75, borderRightColor: RULE },
  boxHeading: { fontSize: 7.5, fontWeight: "bold", color: MUTED, letterSpacing: 0.5, marginBottom: 3 },
  partyName: { fontSize: 10.5, fontWeight: "bold", marginBottom: 2 },
  kvRow: { flexDirection: "row", marginBottom: 2.5 },
  kvKey: { width: 92, color: MUTED },
  kvVal: { flex: 1 },

  // items table
  table: { marginTop: 12, borderWidth: 0.75, borderColor: RULE },
  tr: { flexDirection: "row" },
  th: {
    backgroundColor: HEAD_BG,
    fontWeight: "bold",
    fontSize: 7.5,
    paddingVertical: 4,
    paddingHorizontal: 4,
    borderRightWidth: 0.75,
    borderRightColor: RULE,
    borderBottomWidth: 0.75,
    borderBottomColor: RULE,
  },
  thGroup: { backgroundColor: HEAD_BG, borderRightWidth: 0.75, borderRightColor: RULE, borderBottomWidth: 0.75, borderBottomColor: RULE },
  thGroupTitle: { fontWeight: "bold", fontSize: 7.5, paddingTop: 4, paddingBottom: 2, paddingHorizontal: 4, borderBottomWidth: 0.5, borderBottomColor: RULE },
  thSub: { fontSize: 7, color: MUTED, paddingVertical: 2, paddingHorizontal: 4, borderRightWidth: 0.5, borderRightColor: RULE },
  td: { fontSize: 8.5, paddingVertical: 5, paddingHorizontal: 4, borderRightWidth: 0.75, borderRightColor: RULE },
  right: { textAlign: "right" },
  left: { textAlign: "left" },
  center: { textAlign: "center" },
  last: { borderRightWidth: 0 },

  // totals + words
  bottom: { flexDirection: "row", marginTop: 12, alignItems: "flex-start" },
  wordsBlock: { width: "55%", paddingRight: 14 },
  wordsBox: { borderWidth: 0.75, borderColor: RULE, padding: 7 },
  totalsBlock: { width: "45%", borderWidth: 0.75, borderColor: RULE },
  totalsRow: { flexDirection: "row", justifyContent: "space-between", paddingVertical: 3.5, paddingHorizontal: 7 },
  totalsRule: { borderTopWidth: 0.75, borderTopColor: RULE },
  grandRow: { backgroundColor: HEAD_BG, paddingVertical: 5 },
  grandText: { fontSize: 10.5, fontWeight: "bold" },

  declaration: { marginTop: 10 },
  signature: { marginTop: 26, alignItems: "flex-end" },
  signLine: { width: 190, borderTopWidth: 0.75, borderTopColor: INK, marginTop: 34, paddingTop: 3, textAlign: "center" },


  footer: {
    position: "absolute",
    left: 36,
    right: 36,
    bottom: 24,
    borderTopWidth: 0.5,
    borderTopColor: RULE,
    paddingTop: 5,
    flexDirection: "row",
    justifyContent: "space-between",
    fontSize: 7.5,
    color: MUTED,
  },
});

export function KV({ k, v, bold }: { k: string; v: string; bold?: boolean }) {
  return (
    <View style={s.kvRow}>
      <Text style={s.kvKey}>{k}</Text>
      <Text style={bold ? [s.kvVal, s.bold] : s.kvVal}>{v}</Text>
    </View>
  );
}

export function PartyContact({ party }: { party: InvoicePartyView }) {
  return (
    <>
      {party.email ? <Text style={[s.muted, s.line]}>{party.email}</Text> : null}
      {party.phone ? <Text style={[s.muted, s.line]}>{party.phone}</Text> : null}
    </>
  );
}

export type Align = "left" | "right" | "center";
/** Widths are percentages of the table width and sum to 100. */
export type Col = { key: string; width: number; align: Align };
export type HeadCell = { key: string; title: string; width: number; align: Align; sub?: { title: string; width: number; align: Align }[] };
