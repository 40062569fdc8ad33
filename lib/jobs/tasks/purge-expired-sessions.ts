import type { Task } from "graphile-worker";
import { purgeExpiredSessions } from "@/lib/accounts/end-sessions";
import type { JobDeps } from "../job-deps";

/** Crontab: deletes session rows past their absolute expiry. */
export const purgeExpiredSessionsTask =
  (deps: JobDeps): Task =>
  async () => {
    await purgeExpiredSessions(deps.db);
  };
