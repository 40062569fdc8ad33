import { toApiKeyView } from "@/lib/api-keys/api-key-view";
import { toBillingProfileView } from "@/lib/billing-profile/billing-profile-view";
import { toBalanceView } from "@/lib/credits/credits-view";
import { creditNoteSummary } from "@/lib/credit-notes/credit-note-view";
import { operatorDisputeView } from "@/lib/disputes/dispute-view";
import { paiseToRupees } from "@/lib/money/format-inr";
import { toOfflinePaymentView } from "@/lib/offline-payments/offline-payment-view";
import { apiStatusOf } from "@/lib/orders/order-view";
import { toWebhookEndpointView } from "@/lib/outbound-webhooks/webhook-endpoint-view";
import { toAdminPayoutView } from "@/lib/payouts/payout-view";
import { toAdminRefundView } from "@/lib/refunds/refund-view";
import type { AccountOverview, Bounded } from "./get-account-overview";
import type { AccountSearchResult } from "./search-accounts";

const accountPath = (accountId: string) => `/operator/accounts/${encodeURIComponent(accountId)}`;

/** A bounded list: its latest items and, when there are more, where to see them all. */
const list = <T, V>(b: Bounded<T>, view: (row: T) => V, more: string | null) => ({ items: b.items.map(view), has_more: b.hasMore, more_href: b.hasMore ? more : null });

/** GET /api/v1/admin/accounts?q=: the accounts found, each with what matched. */
export function toAccountSearchView(q: string, result: AccountSearchResult) {
  return {
    q,
    kinds: result.kinds,
    accounts: result.hits.map((h) => ({
      account_id: h.accountId,
      name: h.name,
      legal_name: h.legalName,
      gstin: h.gstin,
      plan: h.plan,
      suspended: h.suspendedAt !== null,
      matched_by: h.matchedBy,
      matched: h.matched,
      href: accountPath(h.accountId),
    })),
  };
}

/** GET /api/v1/admin/accounts/:id: the account page's data (each row links to where it is handled). */
export function toAccountOverviewView(o: AccountOverview, now = new Date()) {
  const id = o.account.id;
  const heldTotal = o.held.refundsCredits + o.held.disputesCredits + o.held.payoutsCredits;
  return {
    account_id: id,
    name: o.account.name,
    created_at: o.account.createdAt,
    balance: {
      ...toBalanceView(o.balance),
      /** The ledger balance: what can be spent now (holds are already out of it). */
      spendable: o.balance.balanceCredits,
      held: heldTotal,
      held_for_refunds: o.held.refundsCredits,
      held_for_disputes: o.held.disputesCredits,
      held_for_payouts: o.held.payoutsCredits,
    },
    suspension: o.account.suspendedAt
      ? { suspended: true, since: o.account.suspendedAt, reason: o.account.suspensionReason, by_user_id: o.suspension?.suspendedByUserId ?? null, source: o.suspension?.source ?? null }
      : { suspended: false, last_lifted_at: o.suspension?.liftedAt ?? null, last_lifted_by_user_id: o.suspension?.liftedByUserId ?? null },
    members: o.members.map((m) => ({ user_id: m.userId, email: m.email, name: m.name, role: m.role, is_operator: m.isOperator, joined_at: m.joinedAt })),
    billing_profile: o.billingProfile ? toBillingProfileView(o.billingProfile) : null,
    ledger: list(
      o.ledger,
      (l) => ({
        id: l.id,
        kind: l.kind,
        amount_credits: l.amountCredits,
        balance_after_credits: l.balanceAfterCredits,
        cause_key: l.causeKey,
        order_id: l.orderId,
        description: l.description,
        created_at: l.createdAt,
      }),
      null,
    ),
    orders: list(
      o.orders,
      ({ order, invoiceNumber }) => ({
        order_id: order.id,
        type: order.type,
        plan: order.plan,
        credits: order.credits,
        amount: paiseToRupees(order.amountPaise),
        amount_paise: order.amountPaise,
        status: apiStatusOf(order, now),
        cf_order_id: order.cfOrderId,
        cashfree_env: order.cashfreeEnv,
        flagged_for_review: order.flaggedForReview,
        review_reason: order.reviewReason,
        invoice_number: invoiceNumber,
        created_at: order.createdAt,
        paid_at: order.paidAt,
        href: order.flaggedForReview ? `/operator/orders#order-${order.id}` : null,
      }),
      `/operator/orders?account_id=${encodeURIComponent(id)}&flagged=0`,
    ),
    invoices: list(
      o.invoices,
      (i) => ({
        invoice_number: i.invoiceNumber,
        order_id: i.orderId,
        issued_at: i.issuedAt,
        total: paiseToRupees(i.totalPaise),
        total_paise: i.totalPaise,
        href: `${accountPath(id)}#order-${i.orderId}`,
      }),
      null,
    ),
    credit_notes: list(o.creditNotes, (n) => ({ ...creditNoteSummary(n), href: `${accountPath(id)}#order-${n.orderId}` }), null),
    refunds: list(o.refunds, (r) => ({ ...toAdminRefundView(r), href: `/operator/refunds#refund-${r.id}` }), "/operator/refunds"),
    disputes: list(o.disputes, (d) => ({ ...operatorDisputeView(d), href: `/operator/disputes#dispute-${d.id}` }), "/operator/disputes"),
    payouts: list(o.payouts, (p) => ({ ...toAdminPayoutView(p), href: `/operator/payouts#payout-${p.id}` }), "/operator/payouts"),
    offline_payments: list(
      o.offlinePayments,
      (p) => ({ ...toOfflinePaymentView(p), href: `/operator/offline-payments?customerid=${encodeURIComponent(id)}` }),
      `/operator/offline-payments?customerid=${encodeURIComponent(id)}`,
    ),
    api_keys: list(o.apiKeys, toApiKeyView, null),
    webhook_endpoints: list(o.webhookEndpoints, (e) => ({ ...toWebhookEndpointView(e, now), disabled_at: e.disabledAt }), null),
  };
}
export type AccountOverviewView = ReturnType<typeof toAccountOverviewView>;
