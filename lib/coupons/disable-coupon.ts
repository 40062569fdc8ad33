import { recordAudit } from "@/lib/audit/record-audit";
import { eq, sql } from "drizzle-orm";
import type { Db } from "@/lib/db";
import { coupons } from "@/lib/db/schema";
import { notFound } from "@/lib/errors";
import type { Coupon } from "./coupon-status";

/**
 * Disables a coupon for good (operators). Idempotent: disabling again keeps the first `disabled_at`. Past
 * redemptions and their credits stay; new redemptions get `coupon_disabled`.
 */
export async function disableCoupon(db: Db, couponId: string, now = new Date()): Promise<Coupon> {
  return db.transaction(async (tx) => {
    const [before] = await tx.select({ disabledAt: coupons.disabledAt }).from(coupons).where(eq(coupons.id, couponId)).for("update");
    if (!before) throw notFound("Coupon");
    const [row] = await tx
      .update(coupons)
      .set({ disabledAt: sql`coalesce(${coupons.disabledAt}, ${now.toISOString()}::timestamptz)` })
      .where(eq(coupons.id, couponId))
      .returning();
    // Disabling again changes nothing, so it records nothing.
    if (before.disabledAt === null) await recordAudit(tx, { action: "coupon.disable", accountId: null, targetType: "coupon", targetId: couponId, before: { disabled_at: null }, after: { disabled_at: row!.disabledAt } });
    return row!;
  });
}
