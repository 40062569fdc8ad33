import { eq } from "drizzle-orm";
import { recordAudit } from "@/lib/audit/record-audit";
import type { Db } from "@/lib/db";
import { accounts, autoTopUpSettings } from "@/lib/db/schema";
import { AppError, notFound } from "@/lib/errors";
import { formatInr } from "@/lib/money/format-inr";
import { chargeableMandate, getAutoTopUp } from "./get-auto-top-up";
import type { AutoTopUpState } from "./auto-top-up-view";
import type { SetAutoTopUpBody } from "./schemas";

const rupees = (n: number) => BigInt(n) * 100n;

/**
 * Sets the account's auto top-up (owner or admin). Switching it on needs an active, authorised mandate whose
 * per-charge maximum covers the amount (Cashfree refuses a larger charge): otherwise 409, nothing changed.
 * Switching off always works, and takes effect for a job already queued (the job re-reads the row under its lock).
 */
export async function setAutoTopUp(db: Db, input: { accountId: string; userId: string | null; body: SetAutoTopUpBody; now: Date }): Promise<AutoTopUpState> {
  const { accountId, body, now } = input;
  const amountPaise = rupees(body.amount);
  await db.transaction(async (tx) => {
    const [account] = await tx.select({ id: accounts.id }).from(accounts).where(eq(accounts.id, accountId));
    if (!account) throw notFound("Account");
    const [before] = await tx.select().from(autoTopUpSettings).where(eq(autoTopUpSettings.accountId, accountId)).for("update");
    if (body.enabled) {
      const mandate = await chargeableMandate(tx, accountId);
      if (!mandate) {
        throw new AppError("conflict", "Auto top-up charges your renewal mandate: authorise automatic renewal on the Plans page first.", {
          details: { reason: "mandate_required" },
        });
      }
      if (mandate.maxAmountPaise < amountPaise) {
        throw new AppError("conflict", `Your mandate allows at most ${formatInr(mandate.maxAmountPaise)} per charge; choose an amount up to that.`, {
          details: { reason: "amount_above_mandate", max_amount: Number(mandate.maxAmountPaise) / 100 },
        });
      }
    }
    const values = {
      enabled: body.enabled,
      thresholdCredits: BigInt(body.threshold_credits),
      amountPaise,
      monthlyCeilingPaise: rupees(body.monthly_ceiling),
      updatedByUserId: input.userId,
      updatedAt: now,
    };
    await tx
      .insert(autoTopUpSettings)
      .values({ accountId, ...values, createdAt: now })
      .onConflictDoUpdate({ target: autoTopUpSettings.accountId, set: values });
    const shape = (s: typeof values | undefined) =>
      s ? { enabled: s.enabled, threshold_credits: s.thresholdCredits, amount_paise: s.amountPaise, monthly_ceiling_paise: s.monthlyCeilingPaise } : undefined;
    await recordAudit(tx, { action: "auto_top_up.set", accountId, targetType: "account", targetId: accountId, before: shape(before), after: shape(values) });
  });
  return getAutoTopUp(db, accountId, now);
}
