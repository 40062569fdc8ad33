/**
 * The /forgot-password server action behind its per-IP budget (`password-reset`, docs/ABUSE.md): past the budget the
 * form answers "too many attempts" and queues nothing; the answer before it is the same neutral notice.
 */
import { beforeEach, expect, it, vi } from "vitest";
import type { Db } from "@/lib/db";
import { DEFAULT_IP_LIMITS, forgetSpentIpBucketsForTests } from "@/lib/rate-limit/ip-limits";
import { describeWithDatabase } from "@/lib/testing/database";
import { queuedJobs } from "@/lib/testing/run-jobs";

const state = vi.hoisted(() => ({ db: null as unknown }));
vi.mock("@/lib/auth/auth", () => ({ currentSession: async () => null, signOut: async () => undefined }));
vi.mock("next/headers", () => ({ headers: async () => new Headers(), cookies: async () => ({ get: () => undefined }) }));
vi.mock("@/lib/db", async (importOriginal) => ({
  ...(await importOriginal<typeof import("@/lib/db")>()),
  getDb: async () => state.db,
}));

const { requestPasswordResetAction } = await import("@/app/(auth)/password-actions");
const { PASSWORD_RESET_NOTICE } = await import("@/app/(auth)/form-helpers");

const formFor = (email: string) => {
  const form = new FormData();
  form.set("email", email);
  return form;
};

describeWithDatabase("forgot-password: the per-IP budget", (ctx) => {
  beforeEach(() => {
    state.db = ctx.db as Db;
    forgetSpentIpBucketsForTests();
  });

  it("answers the neutral notice up to the budget, then refuses and queues no more reset jobs", async () => {
    const budget = DEFAULT_IP_LIMITS["password-reset"].limit;
    for (let i = 0; i < budget; i++) {
      const answer = await requestPasswordResetAction({}, formFor(`person-${i}@reset-limit.test`));
      expect(answer.notice).toBe(PASSWORD_RESET_NOTICE);
    }
    const resetJobs = async () => (await queuedJobs(ctx.db as Db)).filter((j) => j.task_identifier === "issue-password-reset").length;
    expect(await resetJobs()).toBe(budget);

    const refused = await requestPasswordResetAction({}, formFor("one-more@reset-limit.test"));
    expect(refused.notice).toBeUndefined();
    expect(refused.error).toMatch(/Too many attempts from your network/);
    expect(refused.values).toEqual({ email: "one-more@reset-limit.test" });
    expect(await resetJobs()).toBe(budget);
  });
});
