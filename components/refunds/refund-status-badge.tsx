import { Badge } from "@/components/ui";

const TONE = { requested: "blue", pending: "amber", succeeded: "green", failed: "red", rejected: "neutral" } as const;
const LABEL = { requested: "Awaiting approval", pending: "Refund in progress", succeeded: "Refunded", failed: "Failed (credits returned)", rejected: "Rejected" } as const;

export function RefundStatusBadge({ status }: { status: keyof typeof TONE }) {
  return <Badge tone={TONE[status]}>{LABEL[status]}</Badge>;
}
