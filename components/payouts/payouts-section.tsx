import { PayoutRequestForm } from "@/components/payouts/payout-request-form";
import { PayoutTable } from "@/components/payouts/payout-table";
import type { PayoutRowView } from "@/components/payouts/payout-table";
import { Card } from "@/components/ui";
import { formatCredits } from "@/lib/money/format-inr";

/** The billing page's Payouts: withdraw unused paid credits to a bank account, and the account's payouts so far. */
export function PayoutsSection({ payouts, withdrawable, canRequest }: { payouts: PayoutRowView[]; withdrawable: bigint; canRequest: boolean }) {
  return (
    <Card className="mt-6" title="Payouts">
      <p className="-mt-2 mb-4 text-sm text-slate-600">
        Withdraw unused paid credits to your bank account: you get back what you paid for them (GST included), and a credit note is issued against each
        top-up invoice. The credits are held at once; Khata approves, then the bank transfer follows. Withdrawable now:{" "}
        <span data-testid="withdrawable-credits">{formatCredits(withdrawable)}</span> credits.
      </p>
      {canRequest ? <PayoutRequestForm maxCredits={Number(withdrawable)} /> : null}
      {payouts.length === 0 ? (
        <p className="mt-4 text-sm text-slate-600">No payouts yet.</p>
      ) : (
        <div className="relative mt-4 overflow-x-auto rounded-lg border border-slate-200 bg-white" role="region" aria-label="Your payouts" tabIndex={0}>
          <PayoutTable payouts={payouts} />
        </div>
      )}
    </Card>
  );
}
