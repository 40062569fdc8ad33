import type { autoTopUpCharges, autoTopUpSettings } from "@/lib/db/schema";
import { paiseToRupees } from "@/lib/money/format-inr";

export type AutoTopUpSettingsRow = typeof autoTopUpSettings.$inferSelect;
export type AutoTopUpChargeRow = typeof autoTopUpCharges.$inferSelect;

export interface AutoTopUpState {
  settings: AutoTopUpSettingsRow | null;
  /** The active mandate's ceiling per charge (paise), null without an active mandate. */
  mandateMaxPaise: bigint | null;
  monthChargedPaise: bigint;
  lastCharge: AutoTopUpChargeRow | null;
}

export interface AutoTopUpView {
  enabled: boolean;
  threshold_credits: number | null;
  /** Rupees (GST-inclusive); the top-up buys this many credits. */
  amount: number | null;
  monthly_ceiling: number | null;
  /** What auto top-ups charged (pending or paid) this IST month, rupees. */
  month_charged: number;
  mandate: { active: boolean; max_amount: number | null };
  last_charge: { id: string; status: string; amount: number; order_id: string; failure_reason: string | null; created_at: string } | null;
  updated_at: string | null;
}

export function toAutoTopUpView(state: AutoTopUpState): AutoTopUpView {
  const s = state.settings;
  const c = state.lastCharge;
  return {
    enabled: s?.enabled ?? false,
    threshold_credits: s ? Number(s.thresholdCredits) : null,
    amount: s ? paiseToRupees(s.amountPaise) : null,
    monthly_ceiling: s ? paiseToRupees(s.monthlyCeilingPaise) : null,
    month_charged: paiseToRupees(state.monthChargedPaise),
    mandate: { active: state.mandateMaxPaise !== null, max_amount: state.mandateMaxPaise === null ? null : paiseToRupees(state.mandateMaxPaise) },
    last_charge: c
      ? { id: c.id, status: c.status, amount: paiseToRupees(c.amountPaise), order_id: c.orderId, failure_reason: c.failureReason, created_at: c.createdAt.toISOString() }
      : null,
    updated_at: s ? s.updatedAt.toISOString() : null,
  };
}
