import { describe, expect, it } from "vitest";
import { DUNNING_GRACE_MS, DUNNING_RETRY_SCHEDULE_MS, graceEndsAt, LAST_ATTEMPT, nextRetry, retryPaymentId, renewalPaymentId } from "./renewal-rules";

const DAY = 24 * 3600_000;
const periodEnd = new Date("2027-01-05T06:00:00Z");
const firstFailedAt = new Date("2027-01-04T06:00:00Z"); // the cycle's own charge, a day before the end
const grace = graceEndsAt(periodEnd);
const at = (days: number) => new Date(firstFailedAt.getTime() + days * DAY);

describe("dunning rules", () => {
  it("the schedule is +1, +3, +5 days after the first failure, inside a 7-day grace after the period end", () => {
    expect(DUNNING_RETRY_SCHEDULE_MS.map((ms) => ms / DAY)).toEqual([1, 3, 5]);
    expect(DUNNING_GRACE_MS).toBe(7 * DAY);
    expect(LAST_ATTEMPT).toBe(4);
    expect(grace.toISOString()).toBe("2027-01-12T06:00:00.000Z");
  });

  it.each([
    // failed attempt, when its failure (and the next notice) is handled, → next attempt and its charge time
    { failed: 1, noticeAt: at(0), next: { attempt: 2, chargeAt: at(1) } },
    { failed: 2, noticeAt: at(1), next: { attempt: 3, chargeAt: at(3) } },
    { failed: 3, noticeAt: at(3), next: { attempt: 4, chargeAt: at(5) } },
    { failed: 4, noticeAt: at(5), next: null },
    // a failure reported late: the retry waits 24 h after its notice (RBI), never before the schedule
    { failed: 1, noticeAt: at(0.5), next: { attempt: 2, chargeAt: at(1.5) } },
    { failed: 2, noticeAt: at(2.5), next: { attempt: 3, chargeAt: at(3.5) } },
    // a retry that could only be charged after the grace is not made: the plan lapses instead
    { failed: 3, noticeAt: at(7.5), next: null },
  ])("attempt $failed failed, noticed at +$noticeAt → $next", ({ failed, noticeAt, next }) => {
    const got = nextRetry({ firstFailedAt, failedAttempt: failed, noticeAt, graceEndsAt: grace });
    expect(got).toEqual(next);
    if (got) expect(got.chargeAt.getTime() - noticeAt.getTime()).toBeGreaterThanOrEqual(DAY);
  });

  it("each attempt has its own payment_id, stable per (account, cycle, attempt), never the cycle's own", () => {
    const ids = [2, 3, 4].map((a) => retryPaymentId("acc_1", "2027-01-05", a));
    expect(new Set([...ids, renewalPaymentId("acc_1", "2027-01-05")]).size).toBe(4);
    expect(retryPaymentId("acc_1", "2027-01-05", 2)).toBe(ids[0]);
    expect(retryPaymentId("acc_2", "2027-01-05", 2)).not.toBe(ids[0]);
    expect(ids[0]).toMatch(/^rn_[0-9a-f]{16}$/);
  });
});
