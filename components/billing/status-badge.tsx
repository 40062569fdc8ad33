import { Badge } from "@/components/ui";

const STATUS: Record<string, { label: string; tone: "neutral" | "green" | "red" | "amber" | "blue" }> = {
  paid: { label: "Paid", tone: "green" },
  pending: { label: "Pending", tone: "amber" },
  failed: { label: "Failed", tone: "red" },
  user_dropped: { label: "Not completed", tone: "neutral" },
  expired: { label: "Expired", tone: "neutral" },
  cancelled: { label: "Cancelled", tone: "neutral" },
};

export const PAYMENT_STATUS_OPTIONS = Object.entries(STATUS).map(([value, s]) => ({ value, label: s.label }));

export function PaymentStatusBadge({ status }: { status: string }) {
  const s = STATUS[status] ?? { label: status, tone: "neutral" as const };
  return (
    <span data-testid="payment-status">
      <Badge tone={s.tone}>{s.label}</Badge>
    </span>
  );
}

/** True for orders the owner can pay again (POST /payments/retry). */
export function isRetryable(status: string): boolean {
  return status === "failed" || status === "user_dropped" || status === "expired";
}
