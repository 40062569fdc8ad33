import type { Task } from "graphile-worker";
import { getCashfreePayoutsClient } from "@/lib/payouts/cashfree-payouts-client";
import { issuePayoutCreditNotes } from "@/lib/payouts/issue-payout-credit-notes";
import { pollPayout, sendPayoutTransfer } from "@/lib/payouts/send-payout-transfer";
import type { JobDeps } from "../job-deps";

const payoutDeps = (deps: JobDeps) => ({ db: deps.db, payouts: deps.payouts ?? getCashfreePayoutsClient(), now: deps.now });

/** Pays an approved payout through Cashfree Payouts (idempotent: transfer_id = Khata's payout id, status asked first). */
export const sendPayoutTransferTask =
  (deps: JobDeps): Task =>
  async (payload) => {
    const { payoutId } = payload as { payoutId: string };
    await sendPayoutTransfer(payoutDeps(deps), payoutId);
  };

/** Asks Cashfree about a transfer still processing and applies the answer; schedules itself again (run_at) until final. */
export const pollPayoutTask =
  (deps: JobDeps): Task =>
  async (payload) => {
    const { payoutId, attempt } = payload as { payoutId: string; attempt: number };
    await pollPayout(payoutDeps(deps), payoutId, attempt);
  };

/** Issues a processed payout's credit notes (once per order: issueCreditNote answers `already_issued` after that). */
export const issuePayoutCreditNotesTask =
  (deps: JobDeps): Task =>
  async (payload) => {
    const { payoutId } = payload as { payoutId: string };
    await issuePayoutCreditNotes(deps.db, payoutId, deps.now ? deps.now() : new Date());
  };
