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
  const [row] = await db
    .update(coupons)
    .set({ disabledAt: sql`coalesce(${coupons.disabledAt}, ${now.toISOString()}::timestamptz)` })
    .where(eq(coupons.id, couponId))
    .returning();
  if (!row) throw notFound("Coupon");
  return row;
}
