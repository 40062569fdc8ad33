/** What is left for an account this month, from its balance, its monthly cap (null = none) and this month's usage. */
export interface RemainingCredits {
  /** What the cap still allows this month, never negative; null when there is no cap. Not limited by the balance. */
  underCapCredits: bigint | null;
  /** Credits consumable right now: the balance, further limited by what is left under the cap. */
  consumableCredits: bigint;
}

/** The one definition of "remaining credits" (balance, budget and usage answers all use it). */
export function remainingCredits(input: { balanceCredits: bigint; capCredits: bigint | null; usedThisMonthCredits: bigint }): RemainingCredits {
  const { balanceCredits, capCredits, usedThisMonthCredits } = input;
  const underCapCredits = capCredits === null ? null : capCredits > usedThisMonthCredits ? capCredits - usedThisMonthCredits : 0n;
  const consumableCredits = underCapCredits === null || balanceCredits < underCapCredits ? balanceCredits : underCapCredits;
  return { underCapCredits, consumableCredits: consumableCredits < 0n ? 0n : consumableCredits };
}
