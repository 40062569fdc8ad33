import type { Db } from "@/lib/db";
import { log } from "@/lib/log";
import { deliverEmail } from "./deliver-email";

/**
 * Hands recorded mails to delivery, after the transaction that recorded them committed. The one place to
 * swap for a job (graphile-worker) later; for now it delivers inline and never throws: a failed mail stays
 * in the emails table (status failed) and the user can ask for it again.
 */
export async function dispatchEmail(db: Db, emailId: string | null | undefined): Promise<void> {
  if (!emailId) return;
  try {
    const result = await deliverEmail(db, emailId);
    if (result === "failed") log.warn("email delivery failed", { emailId });
  } catch (error) {
    log.error("email delivery crashed", { emailId, error: error instanceof Error ? error.message : String(error) });
  }
}
