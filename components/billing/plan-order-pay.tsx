"use client";

import { useId, useState } from "react";
import { OrderPay } from "@/components/billing/order-pay";
import { Card, Field, Select } from "@/components/ui";

export interface PlanChoice {
  id: string;
  name: string;
  price: string;
}

/**
 * The plans page's Order Pay: pick one of the plans above the current one and pay it by UPI QR, UPI ID, UPI app or
 * netbanking in the page. When a method is not enabled, the plan's own Upgrade button (hosted checkout) takes over.
 */
export function PlanOrderPay({ plans }: { plans: readonly PlanChoice[] }) {
  const [plan, setPlan] = useState(plans[0]?.id ?? "");
  const selectId = useId();
  if (plans.length === 0) return null;
  const chosen = plans.find((p) => p.id === plan) ?? plans[0]!;
  return (
    <div className="mt-6 max-w-xl" data-testid="plan-order-pay">
      <Card title="Pay for a plan by UPI or netbanking">
        <Field label="Plan to pay for" htmlFor={selectId}>
          <Select id={selectId} value={chosen.id} onChange={(e) => setPlan(e.target.value)}>
            {plans.map((p) => (
              <option key={p.id} value={p.id}>
                {p.name} · {p.price} per month
              </option>
            ))}
          </Select>
        </Field>
        <OrderPay
          purchase={{ type: "plan_upgrade", plan: chosen.id }}
          disabled={false}
          onFallback={() => document.querySelector<HTMLButtonElement>(`[data-testid="plan-${chosen.id}"] button`)?.click()}
        />
      </Card>
    </div>
  );
}
