/** The instant an IST calendar day (yyyy-mm-dd) starts, `plusDays` later. IST is UTC+05:30 all year. */
export function istDayStart(day: string, plusDays = 0): Date {
  const utcMidnight = new Date(`${day}T00:00:00Z`).getTime();
  return new Date(utcMidnight + plusDays * 86_400_000 - 330 * 60_000);
}
