import type { Db } from "@/lib/db";
import { enqueueJob } from "@/lib/jobs/enqueue-job";

/**
 * "Forgot password": the one entry point (a per-IP limit goes in front of this call). It does the same work for
 * every email, registered or not: one job row, nothing else. The job (issue-password-reset.ts) is what finds out
 * whether the email has an account and mails the link, so neither the answer nor its timing tells.
 */
export async function requestPasswordReset(db: Db, input: { email: string }): Promise<void> {
  // One waiting job per address: a burst of requests for one email mails one link.
  await enqueueJob(db, "issue-password-reset", { email: input.email }, { jobKey: `password-reset:${input.email}`, maxAttempts: 5 });
}
