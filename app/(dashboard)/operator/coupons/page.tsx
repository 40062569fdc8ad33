import type { Metadata } from "next";
import { CreateCouponForm, DisableCouponButton } from "@/components/billing/coupon-admin";
import { td, th } from "@/components/billing/primitives";
import { Badge, Card, EmptyState, PageHeader } from "@/components/ui";
import { toCouponView } from "@/lib/coupons/coupon-view";
import { listCoupons } from "@/lib/coupons/list-coupons";
import { getDb } from "@/lib/db";
import { formatCredits } from "@/lib/money/format-inr";
import { formatIstDateTime } from "@/lib/money/ist";

export const metadata: Metadata = { title: "Coupons · Operator" };

const TONE = { active: "green", scheduled: "blue", expired: "neutral", exhausted: "amber", disabled: "red" } as const;

export default async function OperatorCouponsPage() {
  const now = new Date();
  const { coupons, total } = await listCoupons(await getDb(), { limit: 100, offset: 0 });
  const rows = coupons.map((c) => toCouponView(c, now));
  return (
    <>
      <PageHeader title="Coupons" description={`${total} coupon${total === 1 ? "" : "s"}. Each is redeemable once per account.`} />
      <Card title="New coupon" className="mb-6">
        <CreateCouponForm />
      </Card>
      {rows.length === 0 ? (
        <EmptyState title="No coupons yet">Create one above; customers redeem it under Billing → Coupons.</EmptyState>
      ) : (
        <div className="relative overflow-x-auto rounded-lg border border-slate-200 bg-white shadow-sm" role="region" aria-label="Coupons" tabIndex={0}>
          <table className="min-w-full divide-y divide-slate-200 text-sm">
            <thead className="bg-slate-50">
              <tr>
                <th scope="col" className={th}>Code</th>
                <th scope="col" className={`${th} text-right`}>Credits</th>
                <th scope="col" className={th}>Status</th>
                <th scope="col" className={`${th} text-right`}>Redeemed</th>
                <th scope="col" className={th}>Valid (IST)</th>
                <th scope="col" className={`${th} text-right`}>
                  <span className="sr-only">Actions</span>
                </th>
              </tr>
            </thead>
            <tbody className="divide-y divide-slate-100">
              {rows.map((c) => (
                <tr key={c.id} data-testid={`coupon-${c.code}`}>
                  <td className={`${td} font-mono font-medium`}>{c.code}</td>
                  <td className={`${td} text-right tabular-nums`}>{formatCredits(c.credits)}</td>
                  <td className={td}>
                    <Badge tone={TONE[c.status]}>{c.status}</Badge>
                  </td>
                  <td className={`${td} text-right tabular-nums`}>
                    {c.redemption_count.toLocaleString("en-IN")}
                    {c.max_redemptions !== null ? ` / ${c.max_redemptions.toLocaleString("en-IN")}` : " / ∞"}
                  </td>
                  <td className={`${td} text-slate-700`}>
                    {formatIstDateTime(c.valid_from)}
                    <span className="block text-xs text-slate-500">{c.valid_until ? `until ${formatIstDateTime(c.valid_until)}` : "no end date"}</span>
                  </td>
                  <td className={`${td} text-right`}>{c.status !== "disabled" ? <DisableCouponButton couponId={c.id} code={c.code} /> : null}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
    </>
  );
}
