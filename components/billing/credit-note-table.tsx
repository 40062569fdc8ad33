import { td, th } from "@/components/billing/primitives";
import { formatInr } from "@/lib/money/format-inr";
import { formatIstDate } from "@/lib/money/ist";

export interface CreditNoteTableRow {
  credit_note_number: string;
  invoice_number: string;
  issued_at: Date;
  reason: string;
  taxable_paise: bigint;
  cgst_paise: bigint;
  sgst_paise: bigint;
  igst_paise: bigint;
  total_paise: bigint;
}

/** The account's GST credit notes (refunds, lost chargebacks), each against its original invoice, with its PDF. */
export function CreditNoteTable({ creditNotes }: { creditNotes: CreditNoteTableRow[] }) {
  return (
    <div className="relative overflow-x-auto rounded-lg border border-slate-200 bg-white shadow-sm" role="region" aria-label="Credit notes" tabIndex={0}>
      <table className="stack-on-mobile min-w-full divide-y divide-slate-200 text-sm">
        <thead className="bg-slate-50">
          <tr>
            <th scope="col" className={th}>Credit note no.</th>
            <th scope="col" className={th}>Date</th>
            <th scope="col" className={th}>Against invoice</th>
            <th scope="col" className={th}>Reason</th>
            <th scope="col" className={`${th} text-right`}>Taxable value</th>
            <th scope="col" className={`${th} text-right`}>GST</th>
            <th scope="col" className={`${th} text-right`}>Total</th>
            <th scope="col" className={`${th} text-right`}>
              <span className="sr-only">Download</span>
            </th>
          </tr>
        </thead>
        <tbody className="divide-y divide-slate-100">
          {creditNotes.map((note) => (
            <tr key={note.credit_note_number} data-testid="credit-note-row" className="hover:bg-slate-50/60">
              <td className={`${td} font-medium`} data-label="Credit note no.">{note.credit_note_number}</td>
              <td className={td} data-label="Date">{formatIstDate(note.issued_at)}</td>
              <td className={td} data-label="Against invoice">{note.invoice_number}</td>
              <td className={td} data-label="Reason">{note.reason}</td>
              <td className={`${td} text-right tabular-nums`} data-label="Taxable value">{formatInr(note.taxable_paise)}</td>
              <td className={`${td} text-right tabular-nums`} data-label="GST">
                <span>
                  {formatInr(note.cgst_paise + note.sgst_paise + note.igst_paise)}
                  <span className="ml-1 text-xs text-slate-500">{note.igst_paise > 0n ? "IGST" : "CGST+SGST"}</span>
                </span>
              </td>
              <td className={`${td} text-right font-medium tabular-nums`} data-label="Total">{formatInr(note.total_paise)}</td>
              <td className={`${td} text-right`}>
                <a
                  href={`/api/v1/credit-notes/${note.credit_note_number}/pdf`}
                  download
                  className="font-medium text-brand-700 hover:underline"
                  aria-label={`Download PDF of ${note.credit_note_number}`}
                >
                  PDF
                </a>
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
