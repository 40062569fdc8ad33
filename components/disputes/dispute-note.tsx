import type { DisputeView } from "@/lib/disputes/dispute-view";
import { disputeNoteText } from "@/lib/disputes/dispute-note-text";

export function DisputeNotes({ disputes }: { disputes: Pick<DisputeView, "dispute_id" | "resolution" | "held_credits" | "unheld_credits">[] }) {
  if (disputes.length === 0) return null;
  return (
    <>
      {disputes.map((d) => (
        <span key={d.dispute_id} data-testid="dispute-note" className={`mt-1 block text-xs ${d.resolution === "open" ? "text-amber-800" : "text-slate-600"}`}>
          {disputeNoteText(d)}
        </span>
      ))}
    </>
  );
}
