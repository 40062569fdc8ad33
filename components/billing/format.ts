const MONTHS = ["January", "February", "March", "April", "May", "June", "July", "August", "September", "October", "November", "December"];

/** "2026-11" → "November 2026". */
export function monthLabel(monthKey: string): string {
  const [y, m] = monthKey.split("-");
  return `${MONTHS[Number(m) - 1] ?? m} ${y}`;
}

/** "starter" → "Starter"; "free" → "Free". */
export function planName(plan: string | null | undefined): string {
  if (!plan) return "—";
  return plan.charAt(0).toUpperCase() + plan.slice(1);
}
