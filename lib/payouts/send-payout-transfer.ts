import { eq } from "drizzle-orm";
import { CashfreeApiError, type CashfreePayoutsClient, type CashfreeTransfer } from "@/lib/cashfree";
import type { Db, Executor } from "@/lib/db";
import { payouts } from "@/lib/db/schema";
import { enqueueJob } from "@/lib/jobs/enqueue-job";
import { paiseToRupees } from "@/lib/money/format-inr";
import { applyTransferStatus, type ApplyTransferOutcome } from "./apply-transfer-status";
import type { PayoutRow } from "./payout-rules";

export interface PayoutJobDeps {
  db: Db;
  payouts: CashfreePayoutsClient;
  now?: () => Date;
}

/** Poll delays: 1 min doubling to a 6 h ceiling (IMPS settles in seconds, NEFT in hours; webhooks usually win). */
export function payoutPollDelayMs(attempt: number): number {
  return Math.min(60_000 * 2 ** Math.min(attempt, 20), 6 * 60 * 60 * 1000);
}

/** Queues the next `poll-payout` (job key per payout: one waiting at a time), at run_at: no sleeps. */
export async function schedulePayoutPoll(tx: Executor, payoutId: string, attempt: number, now: Date): Promise<void> {
  await enqueueJob(tx, "poll-payout", { payoutId, attempt }, { jobKey: `poll-payout:${payoutId}`, runAt: new Date(now.getTime() + payoutPollDelayMs(attempt)) });
}

/**
 * The `send-payout-transfer` job: pays an approved payout through Cashfree Payouts V2, idempotently. transfer_id
 * is Khata's payout id, so Cashfree itself refuses a second transfer with it. Every attempt first asks Get
 * Transfer Status (Cashfree: after a 5xx, check the status rather than initiate again); only when Cashfree has no
 * such transfer does it make sure the beneficiary exists (Create Beneficiary V2; 409 = already there) and send
 * Standard Transfer V2 (409 = another attempt got there first: ask again). The answer goes through
 * applyTransferStatus; not final → `poll-payout`. Cashfree calls run outside any transaction; a network or 5xx
 * failure throws and graphile-worker retries with backoff. A refusal (4xx) fails the payout and returns its credits.
 */
export async function sendPayoutTransfer(deps: PayoutJobDeps, payoutId: string): Promise<ApplyTransferOutcome | "not_approved"> {
  const [payout] = await deps.db.select().from(payouts).where(eq(payouts.id, payoutId));
  if (!payout || (payout.status !== "approved" && payout.status !== "processing")) return "not_approved";
  let transfer = await deps.payouts.getTransfer(payout.id);
  if (!transfer) {
    try {
      await ensureBeneficiary(deps.payouts, payout);
      transfer = await deps.payouts.createTransfer({
        transfer_id: payout.id,
        transfer_amount: paiseToRupees(payout.amountPaise),
        transfer_currency: "INR",
        transfer_mode: "banktransfer",
        beneficiary_details: { beneficiary_id: payout.cfBeneficiaryId },
        transfer_remarks: `Khata payout ${payout.id}`.slice(0, 70).replace(/[^A-Za-z0-9 ]/g, " "),
      });
    } catch (error) {
      if (error instanceof CashfreeApiError && error.status === 409) transfer = await deps.payouts.getTransfer(payout.id);
      else if (error instanceof CashfreeApiError && error.status >= 400 && error.status < 500 && error.status !== 429) return refuse(deps, payout, error);
      else throw error;
      if (!transfer) throw error;
    }
  }
  return applyAnswer(deps, payout.id, transfer, 0);
}

/** The `poll-payout` job: Get Transfer Status V2, apply it; not final yet → poll again later. */
export async function pollPayout(deps: PayoutJobDeps, payoutId: string, attempt: number): Promise<ApplyTransferOutcome | "not_approved"> {
  const [payout] = await deps.db.select().from(payouts).where(eq(payouts.id, payoutId));
  if (!payout || payout.status !== "processing") return "not_approved";
  const transfer = await deps.payouts.getTransfer(payout.id);
  const now = deps.now ? deps.now() : new Date();
  if (!transfer) {
    // Not at Cashfree (yet): the send job (retrying) owns it; look again later.
    await schedulePayoutPoll(deps.db, payout.id, attempt + 1, now);
    return "payout_still_processing";
  }
  return applyAnswer(deps, payout.id, transfer, attempt + 1);
}

async function ensureBeneficiary(client: CashfreePayoutsClient, payout: PayoutRow): Promise<void> {
  if (await client.getBeneficiary(payout.cfBeneficiaryId)) return;
  try {
    await client.createBeneficiary({
      beneficiary_id: payout.cfBeneficiaryId,
      beneficiary_name: payout.beneficiaryName,
      beneficiary_instrument_details: { bank_account_number: payout.bankAccountNumber, bank_ifsc: payout.bankIfsc },
    });
  } catch (error) {
    if (!(error instanceof CashfreeApiError && error.status === 409)) throw error;
  }
}

async function refuse(deps: PayoutJobDeps, payout: PayoutRow, error: CashfreeApiError): Promise<ApplyTransferOutcome> {
  const now = deps.now ? deps.now() : new Date();
  return deps.db.transaction((tx) =>
    applyTransferStatus(tx, { transfer_id: payout.id, cf_transfer_id: null, status: "FAILED", status_description: `Cashfree refused it: ${error.code}: ${error.message}`.slice(0, 500) }, now),
  );
}

async function applyAnswer(deps: PayoutJobDeps, payoutId: string, transfer: CashfreeTransfer, nextAttempt: number): Promise<ApplyTransferOutcome> {
  const now = deps.now ? deps.now() : new Date();
  return deps.db.transaction(async (tx) => {
    const outcome = await applyTransferStatus(tx, { ...transfer, transfer_id: payoutId }, now);
    if (outcome === "payout_still_processing") await schedulePayoutPoll(tx, payoutId, nextAttempt, now);
    return outcome;
  });
}
