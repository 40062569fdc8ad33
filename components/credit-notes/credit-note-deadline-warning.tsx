import type { CreditNoteDeadlineView } from "@/lib/credit-notes/credit-note-view";

/** The s.34(2) warning on an operator's refund or dispute row (nothing when the deadline is not near). */
export function CreditNoteDeadlineWarning({ warning }: { warning: CreditNoteDeadlineView["credit_note_warning"] | undefined }) {
  if (!warning) return null;
  return (
    <span data-testid="credit-note-warning" data-level={warning.level} className={`block max-w-64 text-xs ${warning.level === "past" ? "font-medium text-red-700" : "text-amber-800"}`}>
      {warning.message}
    </span>
  );
}
