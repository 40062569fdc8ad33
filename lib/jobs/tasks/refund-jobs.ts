import type { Task } from "graphile-worker";
import { getCashfreeClient } from "@/lib/orders/cashfree-client";
import { ensureCreditNoteRendering } from "@/lib/credit-notes/ensure-credit-note-rendering";
import { notifyRefundIssued } from "@/lib/notifications/notify-documents";
import { issueRefundCreditNote } from "@/lib/refunds/issue-refund-credit-note";
import { pollRefund, sendCashfreeRefund } from "@/lib/refunds/send-cashfree-refund";
import type { JobDeps } from "../job-deps";

/** Creates an approved refund in Cashfree (idempotent: refund_id and idempotency key from Khata's refund id). */
export const createCashfreeRefundTask =
  (deps: JobDeps): Task =>
  async (payload) => {
    const { refundId } = payload as { refundId: string };
    await sendCashfreeRefund({ db: deps.db, cashfree: deps.cashfree ?? getCashfreeClient(), now: deps.now }, refundId);
  };

/** Asks Cashfree about a pending refund and applies the answer; schedules itself again (run_at) until final. */
export const pollRefundTask =
  (deps: JobDeps): Task =>
  async (payload) => {
    const { refundId, attempt } = payload as { refundId: string; attempt: number };
    await pollRefund({ db: deps.db, cashfree: deps.cashfree ?? getCashfreeClient(), now: deps.now }, refundId, attempt);
  };

/** Issues a succeeded refund's credit note (once: issueCreditNote answers `already_issued` after that). */
export const issueRefundCreditNoteTask =
  (deps: JobDeps): Task =>
  async (payload) => {
    const { refundId } = payload as { refundId: string };
    const note = await issueRefundCreditNote(deps.db, refundId, deps.now ? deps.now() : new Date());
    if (note.outcome === "not_succeeded") return;
    // The mail attaches the stored PDF, so it is stored first (once: a rendering is never replaced).
    if (note.outcome === "issued" || note.outcome === "already_issued") await ensureCreditNoteRendering(deps.db, note.creditNoteId);
    await notifyRefundIssued(deps.db, refundId);
  };
