import { describe, expect, it } from "vitest";
import { defaultBackoffMs } from "@/lib/outbound-webhooks/backoff";
import { JOB_NAMES } from "./job-names";
import { makeTaskList, parsedCronItems, withoutTasks } from "./task-list";

describe("job runner configuration", () => {
  it("has a task for every job name, and nothing else", () => {
    expect(Object.keys(makeTaskList({ db: {} as never })).sort()).toEqual([...JOB_NAMES].sort());
  });

  it("the crontab names known tasks, each with a job key (one waiting at a time) and no backfill", () => {
    const items = parsedCronItems();
    expect(items.map((i) => i.task).sort()).toEqual(["enqueue-pending-fan-outs", "purge-expired-sessions", "purge-idempotency-keys", "purge-rate-limit-buckets", "run-dunning", "run-reconciliation", "run-renewals", "settle-pending-webhook-events", "sweep-active-orders", "sweep-auto-top-ups", "sweep-notifications"]);
    for (const item of items) {
      expect(JOB_NAMES).toContain(item.task);
      expect(item.options.jobKey).toBe(`cron:${item.task}`);
      expect(item.options.backfillPeriod).toBe(0);
    }
  });
});

describe("JOBS_SKIP_TASKS", () => {
  it("a runner skipping tasks neither runs nor schedules them; the rest is unchanged", () => {
    const all = makeTaskList({ db: {} as never });
    const skip = ["render-invoice-pdfs", "render-invoice-pdf", "sweep-notifications"];
    expect(Object.keys(withoutTasks(all, skip)).sort()).toEqual(JOB_NAMES.filter((n) => !skip.includes(n)).sort());
    expect(parsedCronItems(skip).map((i) => i.task)).toEqual(parsedCronItems().map((i) => i.task).filter((t) => t !== "sweep-notifications"));
    expect(Object.keys(withoutTasks(all, []))).toHaveLength(JOB_NAMES.length);
  });
});

describe("defaultBackoffMs", () => {
  it("30 s doubling to a 6 h ceiling, ±20 % jitter", () => {
    const mid = () => 0.5;
    expect([1, 2, 3, 4].map((n) => defaultBackoffMs(n, mid))).toEqual([30_000, 60_000, 120_000, 240_000]);
    expect(defaultBackoffMs(20, mid)).toBe(6 * 60 * 60 * 1000);
    expect(defaultBackoffMs(1, () => 0)).toBe(24_000);
    expect(defaultBackoffMs(1, () => 0.999999)).toBeLessThanOrEqual(36_000);
  });
});
