import type { ledgerEntries } from "@/lib/db/schema";
import type { StatementLine, StatementPage } from "./list-statement";
import type { PeriodBalances } from "./monthly-balances";
import type { StatementQuery } from "./statement-query";

export type LedgerKind = (typeof ledgerEntries.$inferSelect)["kind"];

export type StatementCause =
  | "top_up"
  | "plan"
  | "offline_payment"
  | "coupon"
  | "usage"
  | "refund_hold"
  | "refund_release"
  | "dispute_hold"
  | "dispute_release"
  | "offline_payment_cancelled"
  | "adjustment";

/** What a line is for, in words an accountant reads, and the document it links to. */
export function causeOf(line: Pick<StatementLine, "kind" | "offlinePaymentId">): StatementCause {
  switch (line.kind) {
    case "topup":
      return line.offlinePaymentId ? "offline_payment" : "top_up";
    case "plan":
      return line.offlinePaymentId ? "offline_payment" : "plan";
    case "coupon":
      return "coupon";
    case "usage":
      return "usage";
    case "refund":
      return "refund_hold";
    case "refund_release":
      return "refund_release";
    case "dispute_hold":
      return "dispute_hold";
    case "dispute_release":
      return "dispute_release";
    case "reversal":
      return "offline_payment_cancelled";
    default:
      return "adjustment";
  }
}

export const CAUSE_LABELS: Record<StatementCause, string> = {
  top_up: "Credit top-up",
  plan: "Plan credits",
  offline_payment: "Offline payment",
  coupon: "Coupon",
  usage: "API usage",
  refund_hold: "Refund (credits held)",
  refund_release: "Refund failed (credits returned)",
  dispute_hold: "Dispute (credits held)",
  dispute_release: "Dispute won (credits returned)",
  offline_payment_cancelled: "Offline payment cancelled",
  adjustment: "Adjustment",
};

/** The refund or dispute a hold/release names (its cause key is `refund:<id>[:release]` / `dispute:<id>[:release]`). */
export function causeReference(causeKey: string | null): { refundId: string | null; disputeId: string | null } {
  const m = causeKey ? /^(refund|dispute):([^:]+)/.exec(causeKey) : null;
  return { refundId: m?.[1] === "refund" ? m[2]! : null, disputeId: m?.[1] === "dispute" ? m[2]! : null };
}

export function toStatementLineView(line: StatementLine) {
  const cause = causeOf(line);
  const ref = causeReference(line.causeKey);
  return {
    type: line.type,
    id: line.entryId,
    date: line.key.day,
    created_at: line.createdAt,
    kind: line.kind,
    cause,
    cause_label: CAUSE_LABELS[cause],
    description: line.type === "usage_day" ? `API usage on ${line.key.day} (${line.events} calls)` : line.description,
    amount: line.amountCredits,
    running_balance: line.runningBalanceCredits,
    order_id: line.orderId,
    invoice_id: line.invoice?.id ?? null,
    invoice_number: line.invoice?.number ?? null,
    coupon_id: line.coupon?.id ?? null,
    coupon_code: line.coupon?.code ?? null,
    api_key_id: line.apiKey?.id ?? null,
    api_key_name: line.apiKey?.name ?? null,
    offline_payment_id: line.offlinePaymentId,
    refund_id: ref.refundId,
    dispute_id: ref.disputeId,
    events: line.events,
    keys:
      line.keys?.map((k) => ({ api_key_id: k.apiKeyId, api_key_name: k.apiKeyName, api_key_prefix: k.apiKeyPrefix, amount: k.amountCredits, events: k.events })) ??
      null,
  };
}

export function toBalancesView(b: PeriodBalances) {
  return {
    opening_balance: b.openingBalanceCredits,
    closing_balance: b.closingBalanceCredits,
    months: b.months.map((m) => ({ month: m.month, from: m.from, to: m.to, opening_balance: m.openingBalanceCredits, closing_balance: m.closingBalanceCredits })),
  };
}

/** GET /api/v1/credits/ledger. Amounts are credits (1 credit = ₹1), signed: + in, − out. */
export function toStatementPageView(q: StatementQuery, page: StatementPage, balances: PeriodBalances | null) {
  return {
    period: { from: q.period.from, to: q.period.to },
    group: q.group,
    currency: "INR",
    balance_before_page: page.openingBalanceCredits,
    lines: page.lines.map(toStatementLineView),
    limit: q.limit,
    next_cursor: page.nextCursor,
    ...(balances ? { balances: toBalancesView(balances) } : {}),
  };
}
