import { count, desc } from "drizzle-orm";
import type { Db } from "@/lib/db";
import { coupons } from "@/lib/db/schema";
import type { Coupon } from "./coupon-status";

/** All coupons, newest first (operators). */
export async function listCoupons(db: Db, input: { limit: number; offset: number }): Promise<{ coupons: Coupon[]; total: number }> {
  const rows = await db.select().from(coupons).orderBy(desc(coupons.createdAt), desc(coupons.id)).limit(input.limit).offset(input.offset);
  const [total] = await db.select({ n: count() }).from(coupons);
  return { coupons: rows, total: Number(total?.n ?? 0) };
}
