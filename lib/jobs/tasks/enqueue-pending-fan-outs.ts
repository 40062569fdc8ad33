import type { Task } from "graphile-worker";
import { enqueuePendingFanOuts } from "@/lib/outbound-webhooks/fan-out-event";
import type { JobDeps } from "../job-deps";

/** Crontab safety net: outbox events left without a fan-out job get one. */
export const enqueuePendingFanOutsTask =
  (deps: JobDeps): Task =>
  async () => {
    await enqueuePendingFanOuts(deps.db);
  };
