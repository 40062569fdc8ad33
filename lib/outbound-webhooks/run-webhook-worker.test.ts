import { getEventListeners } from "node:events";
import { afterEach, describe, expect, it, vi } from "vitest";
import type { Db } from "@/lib/db";

const deliverDue = vi.hoisted(() => vi.fn(async () => ({ claimed: 0, succeeded: 0, failed: 0, dead: 0 })));
vi.mock("./deliver-due", () => ({ deliverDue }));
vi.mock("@/lib/rate-limit/hit-rate-limit", () => ({ purgeExpiredRateLimitBuckets: vi.fn(async () => 0) }));

const { runWebhookWorker } = await import("./run-webhook-worker");

afterEach(() => {
  vi.useRealTimers();
});

describe("runWebhookWorker", () => {
  it("keeps one abort listener however many passes it sleeps between, and stops on abort", async () => {
    vi.useFakeTimers();
    const stop = new AbortController();
    const done = runWebhookWorker({ db: {} as Db, intervalMs: 1000, signal: stop.signal });
    for (let pass = 0; pass < 25; pass++) await vi.advanceTimersByTimeAsync(1000);
    expect(deliverDue.mock.calls.length).toBeGreaterThanOrEqual(25);
    expect(getEventListeners(stop.signal, "abort")).toHaveLength(1);
    stop.abort();
    await done;
    expect(getEventListeners(stop.signal, "abort")).toHaveLength(0);
  });
});
