/**
 * GST "TAX INVOICE" PDF layout. Pure presentation: every string printed comes from the
 * `IssuedInvoiceView` snapshot (lib/gst/compute-invoice.ts); nothing is computed here.
 * Fonts must be registered before rendering (renderInvoicePdf does it via ./fonts).
 */
import { Document, Image, Page, Text, View } from "@react-pdf/renderer";
import { invoicePaidByLine, type IssuedInvoiceView } from "@/lib/gst/compute-invoice";
import { KV, PartyContact, s, type Align, type Col, type HeadCell } from "./document-parts";


export function InvoiceDocument({ invoice }: { invoice: IssuedInvoiceView }) {
  const { supplier, recipient } = invoice;
  const intra = invoice.supplyKind === "intra";
  const taxKinds = invoice.taxLines.map((t) => t.kind);

  // Intra-state has two tax groups (CGST + SGST/UTGST), inter-state one (IGST).
  const w = intra
    ? { sl: 4, desc: 25, sac: 8, qty: 10, taxable: 12, rate: 5.5, amt: 9.5, total: 12.5 }
    : { sl: 4, desc: 33, sac: 8, qty: 11, taxable: 13, rate: 6, amt: 12, total: 13 };
  const cols: Col[] = [
    { key: "sl", width: w.sl, align: "center" },
    { key: "desc", width: w.desc, align: "left" },
    { key: "sac", width: w.sac, align: "center" },
    { key: "qty", width: w.qty, align: "right" },
    { key: "taxable", width: w.taxable, align: "right" },
    ...taxKinds.flatMap<Col>((k) => [
      { key: `${k}-rate`, width: w.rate, align: "right" },
      { key: `${k}-amt`, width: w.amt, align: "right" },
    ]),
    { key: "total", width: w.total, align: "right" },
  ];
  const head: HeadCell[] = [
    { key: "sl", title: "#", width: w.sl, align: "center" },
    { key: "desc", title: "Description of Service", width: w.desc, align: "left" },
    { key: "sac", title: "SAC", width: w.sac, align: "center" },
    { key: "qty", title: "Qty", width: w.qty, align: "right" },
    { key: "taxable", title: "Taxable Value", width: w.taxable, align: "right" },
    ...taxKinds.map<HeadCell>((k) => ({
      key: k,
      title: k,
      width: w.rate + w.amt,
      align: "center",
      sub: [
        { title: "Rate", width: w.rate, align: "right" },
        { title: "Amount", width: w.amt, align: "right" },
      ],
    })),
    { key: "total", title: "Total", width: w.total, align: "right" },
  ];
  const pct = (n: number) => `${n}%`;
  const alignStyle = (a: Align) => (a === "right" ? s.right : a === "center" ? s.center : s.left);

  return (
    <Document
      title={`Tax Invoice ${invoice.invoiceNumber}`}
      author={supplier.legalName}
      subject={`Tax Invoice ${invoice.invoiceNumber} — ${recipient.legalName}`}
      creator="Khata"
      producer="Khata"
      language="en-IN"
    >
      <Page size="A4" style={s.page}>
        {/* Supplier header */}
        <View style={s.header}>
          <View style={s.supplierBlock}>
            <Text style={s.supplierName}>{supplier.legalName}</Text>
            {supplier.addressLines.map((line, i) => (
              <Text key={i} style={s.line}>{line}</Text>
            ))}
            <Text style={[s.line, { marginTop: 3 }]}>
              <Text style={s.bold}>GSTIN: </Text>
              {supplier.gstin}
            </Text>
            <Text style={s.line}>
              <Text style={s.bold}>State: </Text>
              {supplier.stateName}, Code: {supplier.stateCode}
            </Text>
            <PartyContact party={supplier} />
          </View>
          <View style={s.titleBlock}>
            <Text style={s.title}>{invoice.title}</Text>
            <Text style={s.copyLabel}>ORIGINAL FOR RECIPIENT</Text>
          </View>
        </View>
        <View style={s.headerRule} />

        {/* Bill-to + invoice details */}
        <View style={s.boxes}>
          <View style={[s.box, s.boxLeft]}>
            <Text style={s.boxHeading}>BILL TO</Text>
            <Text style={s.partyName}>{recipient.legalName}</Text>
            {recipient.addressLines.map((line, i) => (
              <Text key={i} style={s.line}>{line}</Text>
            ))}
            <View style={{ marginTop: 4 }}>
              <KV k="GSTIN" v={recipient.gstin ?? "Unregistered"} bold={recipient.gstin !== null} />
              <KV k="State / Code" v={`${recipient.stateName} / ${recipient.stateCode}`} />
            </View>
            <PartyContact party={recipient} />
          </View>
          <View style={s.box}>
            <Text style={s.boxHeading}>INVOICE DETAILS</Text>
            <KV k="Invoice No." v={invoice.invoiceNumber} bold />
            <KV k="Invoice Date" v={invoice.issuedAtIst} />
            <KV k="Place of Supply" v={`${invoice.placeOfSupply.stateName} (${invoice.placeOfSupply.stateCode})`} />
            <KV k="Reverse Charge" v={invoice.reverseCharge} />
            <KV k="Currency" v={invoice.currency} />
          </View>
        </View>

        {invoice.eInvoice ? (
          <View style={s.box} wrap={false}>
            <Text style={s.boxHeading}>E-INVOICE</Text>
            {/* One unbroken line: an IRN split by hyphenation could not be checked against the IRP's. */}
            <Text style={{ fontSize: 7 }} hyphenationCallback={(word) => [word]}>
              IRN {invoice.eInvoice.irn}
            </Text>
            <KV k="Ack No." v={invoice.eInvoice.ackNo} />
            <KV k="Ack Date" v={invoice.eInvoice.ackDateIst} />
            {/* eslint-disable-next-line jsx-a11y/alt-text -- react-pdf's Image is drawn into the PDF; it takes no alt. */}
            {invoice.eInvoice.qrImage ? <Image src={invoice.eInvoice.qrImage} style={{ width: 96, height: 96, marginTop: 4 }} /> : null}
          </View>
        ) : null}

        {/* Items */}
        <View style={s.table}>
          <View style={s.tr} fixed>
            {head.map((h, i) => {
              const lastStyle = i === head.length - 1 ? s.last : {};
              const sub = h.sub;
              if (!sub) {
                return (
                  <View key={h.key} style={[s.th, { width: pct(h.width) }, lastStyle]}>
                    <Text style={alignStyle(h.align)}>{h.title}</Text>
                  </View>
                );
              }
              // Grouped tax header: "CGST" over "Rate | Amount". Sub-widths are relative to the group.
              return (
                <View key={h.key} style={[s.thGroup, { width: pct(h.width) }, lastStyle]}>
                  <Text style={[s.thGroupTitle, alignStyle(h.align)]}>{h.title}</Text>
                  <View style={s.tr}>
                    {sub.map((c, j) => (
                      <Text
                        key={c.title}
                        style={[s.thSub, { width: pct((c.width / h.width) * 100) }, alignStyle(c.align), j === sub.length - 1 ? s.last : {}]}
                      >
                        {c.title}
                      </Text>
                    ))}
                  </View>
                </View>
              );
            })}
          </View>
          {invoice.lineItems.map((item) => {
            const cells: string[] = [
              String(item.serial),
              item.description,
              item.sacCode,
              item.unit ? `${item.quantity} ${item.unit}` : item.quantity,
              item.taxableAmount,
              ...item.taxLines.flatMap((t) => [`${t.ratePercent}%`, t.amount]),
              item.totalAmount,
            ];
            return (
              <View key={item.serial} style={s.tr} wrap={false}>
                {cols.map((c, i) => (
                  <Text key={c.key} style={[s.td, { width: pct(c.width) }, alignStyle(c.align), i === cols.length - 1 ? s.last : {}]}>
                    {cells[i] ?? ""}
                  </Text>
                ))}
              </View>
            );
          })}
        </View>

        {/* Words + totals */}
        <View style={s.bottom} wrap={false}>
          <View style={s.wordsBlock}>
            <View style={s.wordsBox}>
              <Text style={s.boxHeading}>AMOUNT IN WORDS</Text>
              <Text style={s.bold}>{invoice.amountInWords}</Text>
            </View>
            <Text style={s.declaration}>Whether tax is payable under reverse charge: {invoice.reverseCharge}</Text>
            {invoice.payment ? <Text style={s.declaration}>{invoicePaidByLine(invoice.payment)}</Text> : null}
          </View>
          <View style={s.totalsBlock}>
            <View style={s.totalsRow}>
              <Text>Taxable Value</Text>
              <Text>{invoice.totals.taxable}</Text>
            </View>
            {invoice.taxLines.map((t) => (
              <View key={t.kind} style={s.totalsRow}>
                <Text>{t.label}</Text>
                <Text>{t.amount}</Text>
              </View>
            ))}
            <View style={[s.totalsRow, s.totalsRule]}>
              <Text>Total Tax</Text>
              <Text>{invoice.totals.totalTax}</Text>
            </View>
            {invoice.totals.roundOffPaise && invoice.totals.roundOffPaise !== "0" ? (
              <View style={s.totalsRow}>
                <Text>Round off</Text>
                <Text>{invoice.totals.roundOff}</Text>
              </View>
            ) : null}
            <View style={[s.totalsRow, s.totalsRule, s.grandRow]}>
              <Text style={s.grandText}>Invoice Total</Text>
              <Text style={s.grandText}>{invoice.totals.total}</Text>
            </View>
          </View>
        </View>

        {/* Signatory */}
        <View style={s.signature} wrap={false}>
          <Text style={s.bold}>For {supplier.legalName}</Text>
          <Text style={s.signLine}>Authorised Signatory</Text>
        </View>

        <View style={s.footer} fixed>
          <Text>This is a computer-generated invoice and does not require a physical signature.</Text>
          <Text
            render={({ pageNumber, totalPages }) => `${invoice.invoiceNumber} · Page ${pageNumber} of ${totalPages}`}
          />
        </View>
      </Page>
    </Document>
  );
}
