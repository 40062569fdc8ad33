import { describe, expect, it } from "vitest";
import { disputeNoteText } from "./dispute-note-text";

describe("disputeNoteText", () => {
  it.each([
    [{ resolution: "open", held_credits: 500n, unheld_credits: 0n }, "Disputed: 500 credits on hold until the bank decides"],
    [{ resolution: "open", held_credits: 100n, unheld_credits: 200n }, "Disputed: 100 credits on hold until the bank decides (200 more could not be held: the balance was too low)"],
    [{ resolution: "won", held_credits: 500n, unheld_credits: 0n }, "Dispute won: 500 credits given back"],
    [{ resolution: "won", held_credits: 0n, unheld_credits: 0n }, "Dispute won: nothing was held"],
    [{ resolution: "lost", held_credits: 1500n, unheld_credits: 0n }, "Dispute lost: 1,500 credits removed for good; a credit note reverses the invoice"],
  ] as const)("%o", (d, text) => {
    expect(disputeNoteText(d)).toBe(text);
  });
});
