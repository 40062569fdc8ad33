import type { DisputeView } from "./dispute-view";
import { formatCredits } from "@/lib/money/format-inr";

/** What a dispute means for the owner's balance, in one line. */
export function disputeNoteText(d: Pick<DisputeView, "resolution" | "held_credits" | "unheld_credits">): string {
  const held = formatCredits(d.held_credits);
  if (d.resolution === "won") return d.held_credits > 0n ? `Dispute won: ${held} credits given back` : "Dispute won: nothing was held";
  if (d.resolution === "lost") return `Dispute lost: ${held} credits removed for good; a credit note reverses the invoice`;
  const unheld = d.unheld_credits > 0n ? ` (${formatCredits(d.unheld_credits)} more could not be held: the balance was too low)` : "";
  return `Disputed: ${held} credits on hold until the bank decides${unheld}`;
}
