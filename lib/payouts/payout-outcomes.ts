import { eq } from "drizzle-orm";
import { releaseCredits } from "@/lib/credits/release-credits";
import type { Tx } from "@/lib/db";
import { ledgerEntries } from "@/lib/db/schema";
import { enqueueEvent } from "@/lib/outbound-webhooks/enqueue-event";
import { paiseToRupees } from "@/lib/money/format-inr";
import type { PayoutRow } from "./payout-rules";

/**
 * Gives a payout's hold back (ledger kind `payout_release`, cause `payout:<id>:release`: once, ever, whoever calls
 * it and however often) and sends `payout.rejected` (cause key per payout: one event, ever). Inside the caller's
 * transaction, with the payout row locked; the release locks the account row.
 */
export async function returnPayoutCredits(tx: Tx, payout: PayoutRow, why: string, now: Date): Promise<boolean> {
  const [hold] = await tx.select({ amount: ledgerEntries.amountCredits }).from(ledgerEntries).where(eq(ledgerEntries.causeKey, `payout:${payout.id}`));
  let released = false;
  if (hold) {
    const result = await releaseCredits(tx, {
      accountId: payout.accountId,
      kind: "payout_release",
      amountCredits: -hold.amount,
      causeKey: `payout:${payout.id}:release`,
      description: `Payout ${payout.id} ${why}: held credits given back`,
    });
    released = result.released;
  }
  await enqueueEvent(tx, {
    accountId: payout.accountId,
    type: "payout.rejected",
    causeKey: `payout.rejected:${payout.id}`,
    payload: { ...payoutEventFields(payout), status: "rejected", reason: why },
    now,
  });
  return released;
}

/** `payout.processed`: the money reached the bank account (cause key per payout: one event, ever). */
export async function announcePayoutProcessed(tx: Tx, payout: PayoutRow, now: Date): Promise<void> {
  await enqueueEvent(tx, {
    accountId: payout.accountId,
    type: "payout.processed",
    causeKey: `payout.processed:${payout.id}`,
    payload: { ...payoutEventFields(payout), status: "processed", transfer_utr: payout.transferUtr },
    now,
  });
}

/** Seed 001's event shape (`amount` in rupees, `currency`, `status`, `timestamp`); the payee stands where `payer` does for pay-ins. */
function payoutEventFields(payout: PayoutRow) {
  return {
    payout_id: payout.id,
    amount: paiseToRupees(payout.amountPaise),
    amount_paise: payout.amountPaise,
    currency: "INR",
    credits: payout.credits,
    payee: payout.beneficiaryName,
  };
}
