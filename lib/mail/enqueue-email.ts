import type { Executor } from "@/lib/db";
import { emails } from "@/lib/db/schema";
import { newId } from "@/lib/ids";
import { enqueueJob } from "@/lib/jobs/enqueue-job";
import type { MailTemplate, MailTemplates } from "./templates";

/**
 * Records a mail to send, and the job that sends it (lib/jobs/tasks/send-email.ts), in the caller's transaction,
 * so both exist exactly when what caused it committed. The same dedupeKey twice is one mail (and one waiting job:
 * the job key). Returns the email id (the existing one on a repeat).
 */
export async function enqueueEmail<T extends MailTemplate>(
  tx: Executor,
  input: { to: string; template: T; data: MailTemplates[T]; dedupeKey: string },
): Promise<string> {
  const [row] = await tx
    .insert(emails)
    .values({ id: newId("eml"), to: input.to, template: input.template, data: input.data, dedupeKey: input.dedupeKey })
    .onConflictDoUpdate({ target: emails.dedupeKey, set: { dedupeKey: input.dedupeKey } })
    .returning({ id: emails.id });
  await enqueueJob(tx, "send-email", { emailId: row!.id }, { jobKey: `email:${row!.id}`, maxAttempts: 10 });
  return row!.id;
}
