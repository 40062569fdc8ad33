import { IST_OFFSET_MS } from "@/lib/money/ist";

const DAY_MS = 24 * 60 * 60 * 1000;

/** The IST calendar day before `now`: [00:00 IST yesterday, 00:00 IST today), what the daily job reconciles. */
export function previousIstDay(now: Date): { from: Date; to: Date } {
  const istMidnight = Math.floor((now.getTime() + IST_OFFSET_MS) / DAY_MS) * DAY_MS - IST_OFFSET_MS;
  return { from: new Date(istMidnight - DAY_MS), to: new Date(istMidnight) };
}
