import type { Metadata } from "next";
import { BudgetForm } from "@/components/billing/budget-form";
import { Meter, Notice, Stat } from "@/components/billing/primitives";
import { Card, PageHeader } from "@/components/ui";
import { requireAccountMember } from "@/lib/auth/page-session";
import { getBudget } from "@/lib/budget/get-budget";
import { getDb } from "@/lib/db";
import { formatCredits } from "@/lib/money/format-inr";
import { formatIstDate, istMonthRange } from "@/lib/money/ist";
import { monthLabel } from "@/components/billing/format";

export const metadata: Metadata = { title: "Budget" };

export default async function BudgetPage() {
  const member = await requireAccountMember();
  const budget = await getBudget(await getDb(), member.account.accountId);
  const canEdit = member.can("budget:write");
  const limit = budget.monthlyLimitCredits;
  return (
    <>
      <PageHeader title="Monthly budget" description={`A cap on the credits ${member.account.accountName} can use in one calendar month (IST).`} />
      <div className="grid gap-6 lg:grid-cols-2">
        <Card title={`Usage in ${monthLabel(budget.month)}`}>
          <div className="grid grid-cols-2 gap-4">
            <Stat label="Used this month" value={`${formatCredits(budget.usedThisMonthCredits)}`} hint="credits" testId="budget-used" />
            <Stat
              label="Monthly cap"
              value={limit === null ? "No cap" : formatCredits(limit)}
              hint={limit === null ? "limited by balance only" : "credits"}
              testId="budget-limit"
            />
          </div>
          {limit !== null ? (
            <div className="mt-5">
              <Meter value={budget.usedThisMonthCredits} max={limit} label="Share of the monthly cap used" />
              <p className="mt-2 text-sm text-slate-600" data-testid="budget-remaining">
                {formatCredits(budget.underCapCredits ?? 0n)} credits left under the cap this month.
              </p>
            </div>
          ) : (
            <p className="mt-5 text-sm text-slate-600">Without a cap, usage stops only when the credit balance runs out.</p>
          )}
        </Card>
        <Card title={canEdit ? "Set the cap" : "Cap settings"}>
          {canEdit ? (
            <BudgetForm
              currentLimit={limit === null ? null : limit.toString()}
              usedThisMonth={budget.usedThisMonthCredits.toString()}
              resetsOn={formatIstDate(istMonthRange(budget.month).endUtc)}
            />
          ) : (
            <Notice tone="info" testId="budget-readonly">
              Only owners and admins can change the monthly cap. You can see it here, read-only.
            </Notice>
          )}
        </Card>
      </div>
    </>
  );
}
