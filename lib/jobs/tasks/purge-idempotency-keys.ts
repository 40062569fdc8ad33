import type { Task } from "graphile-worker";
import { purgeExpiredIdempotencyKeys } from "@/lib/idempotency/purge-expired-idempotency-keys";
import type { JobDeps } from "../job-deps";

/** Crontab: deletes Idempotency-Key responses past their replay window. */
export const purgeIdempotencyKeysTask =
  (deps: JobDeps): Task =>
  async () => {
    await purgeExpiredIdempotencyKeys(deps.db);
  };
