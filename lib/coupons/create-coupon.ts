import { recordAudit } from "@/lib/audit/record-audit";
import type { Db } from "@/lib/db";
import { coupons } from "@/lib/db/schema";
import { isUniqueViolation } from "@/lib/db/errors";
import { AppError, badRequest } from "@/lib/errors";
import { newId } from "@/lib/ids";
import type { Coupon } from "./coupon-status";
import { COUPON_CODE_REGEX, MAX_COUPON_CREDITS, normalizeCouponCode, type CreateCouponInput } from "./coupon-schema";

/** Operators create coupons. The code is stored upper-case and is unique (`coupon_code_taken`, 409). */
export async function createCoupon(
  db: Db,
  input: CreateCouponInput & { createdByUserId: string | null },
  now = new Date(),
): Promise<Coupon> {
  const code = normalizeCouponCode(input.code);
  if (!COUPON_CODE_REGEX.test(code)) throw badRequest("code must be 3–32 characters of A–Z, 0–9, - and _.", { field: "code" });
  if (!Number.isInteger(input.credits) || input.credits < 1 || input.credits > MAX_COUPON_CREDITS) {
    throw badRequest(`credits must be a whole number from 1 to ${MAX_COUPON_CREDITS}.`, { field: "credits" });
  }
  const validFrom = input.valid_from ?? now;
  const validUntil = input.valid_until ?? null;
  if (validUntil && validUntil.getTime() <= Math.max(validFrom.getTime(), now.getTime())) {
    throw badRequest("valid_until must be later than valid_from and than now.", { field: "valid_until" });
  }
  try {
    return await db.transaction(async (tx) => {
      const [row] = await tx
        .insert(coupons)
        .values({
          id: newId("cpn"),
          code,
          credits: BigInt(input.credits),
          validFrom,
          validUntil,
          maxRedemptions: input.max_redemptions ?? null,
          createdByUserId: input.createdByUserId,
        })
        .returning();
      await recordAudit(tx, { action: "coupon.create", accountId: null, targetType: "coupon", targetId: row!.id, after: { code, credits: row!.credits, valid_from: validFrom, valid_until: validUntil, max_redemptions: row!.maxRedemptions } });
      return row!;
    });
  } catch (error) {
    if (isUniqueViolation(error, "coupons_code_key")) {
      throw new AppError("coupon_code_taken", `A coupon with the code ${code} already exists.`, { details: { code } });
    }
    throw error;
  }
}
