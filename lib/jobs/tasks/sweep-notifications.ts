import type { Task } from "graphile-worker";
import { sweepNotifications } from "@/lib/notifications/sweep-notifications";
import type { JobDeps } from "../job-deps";

/** Cron: mails for caps 80% used or reached and plans ending or ended (idempotent: dedupe keys per cause). */
export const sweepNotificationsTask =
  (deps: JobDeps): Task =>
  async () => {
    await sweepNotifications(deps.db, deps.now ? deps.now() : new Date());
  };
