import { and, eq, ne, sql } from "drizzle-orm";
import { getEnv } from "@/lib/config/env";
import type { Db } from "@/lib/db";
import { emails } from "@/lib/db/schema";
import { configuredSecrets } from "@/lib/log";
import { scrubString } from "@/lib/log-scrub";
import { findRendering } from "@/lib/documents/store-rendering";
import type { MailAttachmentRef } from "./notification-templates";
import { renderMail, type MailTemplate, type MailTemplates } from "./templates";
import { getMailTransport, type MailTransport } from "./transport";

export type DeliveryResult = "sent" | "already_sent" | "failed" | "not_found";

/**
 * Sends one recorded mail and marks it sent. Idempotent: the row is claimed under a lock, and a sent row is
 * never sent again. A failure is recorded (attempts, last_error) and leaves the row to retry.
 */
export async function deliverEmail(
  db: Db,
  emailId: string,
  deps: { transport?: MailTransport; from?: string; now?: () => Date } = {},
): Promise<DeliveryResult> {
  return db.transaction(async (tx) => {
    const [row] = await tx.select().from(emails).where(eq(emails.id, emailId)).for("update");
    if (!row) return "not_found";
    if (row.status === "sent") return "already_sent";
    const mail = renderMail(row.template as MailTemplate, row.data as MailTemplates[MailTemplate]);
    try {
      const attachments = await attachmentsOf(tx, row.data as { attachment?: MailAttachmentRef });
      await (deps.transport ?? getMailTransport()).sendMail({
        from: deps.from ?? getEnv().MAIL_FROM,
        to: row.to,
        ...mail,
        attachments,
        headers: { "X-Khata-Email-Id": row.id, "X-Khata-Template": row.template },
      });
    } catch (error) {
      const message = scrubString(error instanceof Error ? error.message : String(error), configuredSecrets(getEnv())).slice(0, 500);
      await tx
        .update(emails)
        .set({ status: "failed", attempts: sql`${emails.attempts} + 1`, lastError: message })
        .where(eq(emails.id, row.id));
      return "failed";
    }
    await tx
      .update(emails)
      .set({ status: "sent", attempts: sql`${emails.attempts} + 1`, lastError: null, sentAt: deps.now?.() ?? new Date() })
      .where(and(eq(emails.id, row.id), ne(emails.status, "sent")));
    return "sent";
  });
}

/**
 * The stored rendering a mail attaches (an invoice's or credit note's PDF: the document of record, never a fresh
 * render). Missing, the send fails and is retried: the render job queues the mail only after storing it.
 */
async function attachmentsOf(tx: Parameters<typeof findRendering>[0], data: { attachment?: MailAttachmentRef }) {
  if (!data.attachment) return [];
  const rendering = await findRendering(tx, data.attachment.kind, data.attachment.documentId);
  if (!rendering) throw new Error(`no stored rendering of ${data.attachment.kind} ${data.attachment.documentId} to attach`);
  return [{ filename: data.attachment.filename, content: rendering.bytes, contentType: rendering.contentType }];
}
