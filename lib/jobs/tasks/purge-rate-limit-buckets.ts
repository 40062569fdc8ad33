import type { Task } from "graphile-worker";
import { purgeExpiredRateLimitBuckets } from "@/lib/rate-limit/hit-rate-limit";
import type { JobDeps } from "../job-deps";

/** Crontab: deletes expired rate-limit buckets. */
export const purgeRateLimitBucketsTask =
  (deps: JobDeps): Task =>
  async () => {
    await purgeExpiredRateLimitBuckets(deps.db);
  };
