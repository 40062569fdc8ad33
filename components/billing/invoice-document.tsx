import { invoicePaidByLine, type IssuedInvoiceView } from "@/lib/gst/compute-invoice";

/**
 * The tax invoice on screen, mirroring the PDF (lib/invoices/pdf/invoice-document.tsx): every string comes from the
 * immutable snapshot taken when the invoice was issued; nothing is recomputed.
 */
export function InvoiceDocument({ invoice }: { invoice: IssuedInvoiceView }) {
  const { supplier, recipient } = invoice;
  return (
    <article className="rounded-xl border border-slate-200 bg-white p-5 shadow-sm sm:p-8" aria-label={`Tax invoice ${invoice.invoiceNumber}`}>
      <header className="flex flex-col gap-4 border-b-2 border-[#1e3a5f] pb-4 sm:flex-row sm:items-start sm:justify-between">
        <div className="min-w-0 text-sm text-slate-700">
          <p className="text-lg font-bold text-[#1e3a5f]">{supplier.legalName}</p>
          {supplier.addressLines.map((line, i) => (
            <p key={i}>{line}</p>
          ))}
          <p className="mt-1">
            <span className="font-semibold text-slate-900">GSTIN:</span> <span className="font-mono">{supplier.gstin}</span>
          </p>
          <p>
            <span className="font-semibold text-slate-900">State:</span> {supplier.stateName}, Code: {supplier.stateCode}
          </p>
        </div>
        <div className="sm:text-right">
          <p className="text-xl font-bold tracking-wider text-[#1e3a5f]">{invoice.title}</p>
          <p className="text-xs text-slate-600">ORIGINAL FOR RECIPIENT</p>
        </div>
      </header>

      <div className="mt-4 grid overflow-hidden rounded-md border border-slate-300 text-sm sm:grid-cols-2">
        <section className="border-b border-slate-300 p-4 sm:border-b-0 sm:border-r">
          <h2 className="text-xs font-semibold tracking-wide text-slate-600">BILL TO</h2>
          <p className="mt-1 font-semibold text-slate-900">{recipient.legalName}</p>
          {recipient.addressLines.map((line, i) => (
            <p key={i} className="text-slate-700">
              {line}
            </p>
          ))}
          <dl className="mt-2 space-y-1">
            <KV k="GSTIN" v={recipient.gstin ?? "Unregistered"} mono={recipient.gstin !== null} />
            <KV k="State / Code" v={`${recipient.stateName} / ${recipient.stateCode}`} />
            {recipient.email ? <KV k="Email" v={recipient.email} /> : null}
          </dl>
        </section>
        <section className="p-4">
          <h2 className="text-xs font-semibold tracking-wide text-slate-600">INVOICE DETAILS</h2>
          <dl className="mt-1 space-y-1">
            <KV k="Invoice No." v={invoice.invoiceNumber} strong />
            <KV k="Invoice Date" v={invoice.issuedAtIst} />
            <KV k="Place of Supply" v={`${invoice.placeOfSupply.stateName} (${invoice.placeOfSupply.stateCode})`} />
            <KV k="Reverse Charge" v={invoice.reverseCharge} />
            <KV k="Currency" v={invoice.currency} />
          </dl>
        </section>
      </div>

      <div className="relative mt-4 overflow-x-auto rounded-md border border-slate-300" role="region" aria-label="Line items" tabIndex={0}>
        <table className="min-w-full text-sm">
          <thead className="bg-[#eef2f7] text-xs text-slate-700">
            <tr>
              <th scope="col" className="px-3 py-2 text-left font-semibold">#</th>
              <th scope="col" className="px-3 py-2 text-left font-semibold">Description of Service</th>
              <th scope="col" className="px-3 py-2 text-left font-semibold">SAC</th>
              <th scope="col" className="px-3 py-2 text-right font-semibold">Qty</th>
              <th scope="col" className="px-3 py-2 text-right font-semibold">Taxable Value</th>
              {invoice.taxLines.map((t) => (
                <th key={t.kind} scope="col" className="px-3 py-2 text-right font-semibold">
                  {t.kind} ({t.ratePercent}%)
                </th>
              ))}
              <th scope="col" className="px-3 py-2 text-right font-semibold">Total</th>
            </tr>
          </thead>
          <tbody>
            {invoice.lineItems.map((item) => (
              <tr key={item.serial} className="border-t border-slate-200 align-top">
                <td className="px-3 py-2">{item.serial}</td>
                <td className="min-w-48 px-3 py-2">{item.description}</td>
                <td className="px-3 py-2 font-mono">{item.sacCode}</td>
                <td className="whitespace-nowrap px-3 py-2 text-right tabular-nums">{item.unit ? `${item.quantity} ${item.unit}` : item.quantity}</td>
                <td className="whitespace-nowrap px-3 py-2 text-right tabular-nums">{item.taxableAmount}</td>
                {item.taxLines.map((t) => (
                  <td key={t.kind} className="whitespace-nowrap px-3 py-2 text-right tabular-nums">
                    {t.amount}
                  </td>
                ))}
                <td className="whitespace-nowrap px-3 py-2 text-right font-medium tabular-nums">{item.totalAmount}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>

      <div className="mt-4 grid gap-4 sm:grid-cols-[minmax(0,1.2fr)_minmax(0,1fr)]">
        <div>
          <div className="rounded-md border border-slate-300 p-4 text-sm">
            <p className="text-xs font-semibold tracking-wide text-slate-600">AMOUNT IN WORDS</p>
            <p className="mt-1 font-semibold text-slate-900" data-testid="amount-in-words">
              {invoice.amountInWords}
            </p>
          </div>
          <p className="mt-2 text-xs text-slate-600">Whether tax is payable under reverse charge: {invoice.reverseCharge}</p>
          {invoice.payment ? (
            <p className="mt-1 text-xs text-slate-600" data-testid="invoice-paid-by">
              {invoicePaidByLine(invoice.payment)}
            </p>
          ) : null}
        </div>
        <dl className="rounded-md border border-slate-300 text-sm">
          <Row k="Taxable Value" v={invoice.totals.taxable} />
          {invoice.taxLines.map((t) => (
            <Row key={t.kind} k={t.label} v={t.amount} />
          ))}
          <Row k="Total Tax" v={invoice.totals.totalTax} rule />
          <Row k="Invoice Total" v={invoice.totals.total} rule strong />
        </dl>
      </div>

      <footer className="mt-6 flex flex-col gap-2 border-t border-slate-200 pt-4 text-xs text-slate-600 sm:flex-row sm:justify-between">
        <p>This is a computer-generated invoice and does not require a physical signature.</p>
        <p className="font-medium text-slate-700">For {supplier.legalName} · Authorised Signatory</p>
      </footer>
    </article>
  );
}

function KV({ k, v, strong, mono }: { k: string; v: string; strong?: boolean; mono?: boolean }) {
  return (
    <div className="flex gap-2">
      <dt className="w-28 shrink-0 text-slate-600">{k}</dt>
      <dd className={`${strong ? "font-semibold text-slate-900" : "text-slate-800"} ${mono ? "font-mono" : ""} min-w-0 break-words`}>{v}</dd>
    </div>
  );
}

function Row({ k, v, rule, strong }: { k: string; v: string; rule?: boolean; strong?: boolean }) {
  return (
    <div className={`flex justify-between gap-3 px-4 py-2 ${rule ? "border-t border-slate-300" : ""} ${strong ? "bg-[#eef2f7] font-semibold text-slate-900" : ""}`}>
      <dt>{k}</dt>
      <dd className="tabular-nums">{v}</dd>
    </div>
  );
}
