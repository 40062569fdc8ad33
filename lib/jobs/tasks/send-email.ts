import type { Task } from "graphile-worker";
import { deliverEmail } from "@/lib/mail/deliver-email";
import type { JobDeps } from "../job-deps";

/**
 * Sends one recorded mail (lib/mail). A mail already sent is never sent again, so a retried or duplicated job is
 * harmless; a failed send throws, so graphile-worker retries it with backoff and, out of attempts, shows it to
 * operators on /operator/jobs.
 */
export const sendEmailTask =
  (deps: JobDeps): Task =>
  async (payload) => {
    const { emailId } = payload as { emailId: string };
    const result = await deliverEmail(deps.db, emailId);
    if (result === "failed") throw new Error(`email ${emailId} could not be sent (see emails.last_error)`);
  };
