import { Badge } from "@/components/ui";
import type { PayoutStatus } from "@/lib/payouts/schemas";

const TONE = { requested: "blue", approved: "amber", processing: "amber", processed: "green", failed: "red", reversed: "red", rejected: "neutral" } as const;
const LABEL = {
  requested: "Awaiting approval",
  approved: "Approved",
  processing: "Transfer in progress",
  processed: "Processed",
  failed: "Failed (credits returned)",
  reversed: "Reversed (credits returned)",
  rejected: "Rejected (credits returned)",
} as const satisfies Record<PayoutStatus, string>;

export function PayoutStatusBadge({ status }: { status: PayoutStatus }) {
  return <Badge tone={TONE[status]}>{LABEL[status]}</Badge>;
}
