import { recordAudit } from "@/lib/audit/record-audit";
import { eq, sql } from "drizzle-orm";
import type { Db } from "@/lib/db";
import { accounts, couponRedemptions, coupons } from "@/lib/db/schema";
import { grantCredits } from "@/lib/credits/grant-credits";
import { AppError } from "@/lib/errors";
import { COUPON_CODE_REGEX, normalizeCouponCode } from "./coupon-schema";

export interface RedeemCouponInput {
  accountId: string;
  userId: string | null;
  code: string;
  now?: Date;
}

export interface RedeemCouponResult {
  code: string;
  creditsGranted: bigint;
  /** The account's balance right after the grant. */
  balanceCredits: bigint;
}

export const couponCauseKey = (couponId: string, accountId: string) => `coupon:${couponId}:${accountId}`;

const notFound = () => new AppError("coupon_not_found", "No coupon with this code exists. Check the code and try again.");

/**
 * Redeems a coupon for the account, in one transaction: the coupon row is locked (FOR UPDATE), which serialises
 * every redemption of that coupon, then checked in this order:
 *   1. missing (or a code that cannot exist)        → 404 coupon_not_found
 *   2. disabled by an operator                      → 400 coupon_disabled (a distinct code: the customer typed
 *                                                      a real code, and support can tell them why)
 *   3. outside [valid_from, valid_until)            → 400 coupon_expired (details.reason: expired | not_yet_valid)
 *   4. already redeemed by this account (the        → 409 coupon_already_redeemed
 *      coupon_redemptions primary key decides)
 *   5. overall limit reached                        → 409 coupon_exhausted
 * then redemption_count is incremented and the credits granted through the ledger (cause
 * `coupon:<couponId>:<accountId>`, so a grant can never happen twice). Any error rolls everything back.
 */
export async function redeemCoupon(db: Db, input: RedeemCouponInput): Promise<RedeemCouponResult> {
  const code = normalizeCouponCode(input.code);
  if (!COUPON_CODE_REGEX.test(code)) throw notFound();
  const now = input.now ?? new Date();

  return db.transaction(async (tx) => {
    // The account row first, as every grant and consumption does: the redemption insert below takes a KEY SHARE
    // lock on it (foreign key), and two redemptions upgrading that to grantCredits' FOR UPDATE deadlocked (500).
    await tx.select({ id: accounts.id }).from(accounts).where(eq(accounts.id, input.accountId)).for("update");
    const [coupon] = await tx.select().from(coupons).where(eq(coupons.code, code)).for("update");
    if (!coupon) throw notFound();
    if (coupon.disabledAt) {
      throw new AppError("coupon_disabled", "This coupon has been withdrawn and can no longer be redeemed.", {
        details: { code },
      });
    }
    if (coupon.validFrom.getTime() > now.getTime()) {
      throw new AppError("coupon_expired", "This coupon is not valid yet.", {
        details: { code, reason: "not_yet_valid", valid_from: coupon.validFrom.toISOString() },
      });
    }
    if (coupon.validUntil && coupon.validUntil.getTime() <= now.getTime()) {
      throw new AppError("coupon_expired", "This coupon has expired.", {
        details: { code, reason: "expired", valid_until: coupon.validUntil.toISOString() },
      });
    }
    const claimed = await tx
      .insert(couponRedemptions)
      .values({ couponId: coupon.id, accountId: input.accountId, redeemedByUserId: input.userId, createdAt: now })
      .onConflictDoNothing()
      .returning({ couponId: couponRedemptions.couponId });
    if (claimed.length === 0) {
      throw new AppError("coupon_already_redeemed", "This account has already redeemed this coupon.", { details: { code } });
    }
    if (coupon.maxRedemptions !== null && coupon.redemptionCount >= coupon.maxRedemptions) {
      throw new AppError("coupon_exhausted", "This coupon has reached its redemption limit.", { details: { code } });
    }
    await tx
      .update(coupons)
      .set({ redemptionCount: sql`${coupons.redemptionCount} + 1` })
      .where(eq(coupons.id, coupon.id));
    const grant = await grantCredits(tx, {
      accountId: input.accountId,
      kind: "coupon",
      amountCredits: coupon.credits,
      causeKey: couponCauseKey(coupon.id, input.accountId),
      couponId: coupon.id,
      description: `Coupon ${code}`,
      metadata: { code },
    });
    if (!grant.granted) {
      // The ledger already holds this cause (the redemption row was removed by hand): never grant twice.
      throw new AppError("coupon_already_redeemed", "This account has already redeemed this coupon.", { details: { code } });
    }
    await recordAudit(tx, { action: "coupon.redeem", accountId: input.accountId, targetType: "coupon", targetId: coupon.id, after: { code, credits: coupon.credits, ledger_entry_id: grant.ledgerEntryId } });
    return { code, creditsGranted: coupon.credits, balanceCredits: grant.balanceAfterCredits };
  });
}
