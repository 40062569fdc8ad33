import { inArray } from "drizzle-orm";
import type { Executor } from "@/lib/db";
import { payoutAllocations } from "@/lib/db/schema";
import { listAllPayouts } from "./list-payouts";
import type { PayoutAllocationRow, PayoutRow } from "./payout-rules";
import { toAdminPayoutView } from "./payout-view";
import type { ListPayoutsQuery } from "./schemas";

/** Operators' payout rows with their allocations (which top-ups the credits came from). */
export async function adminPayoutViews(db: Executor, payouts: readonly PayoutRow[]) {
  const ids = payouts.map((p) => p.id);
  const rows = ids.length === 0 ? [] : await db.select().from(payoutAllocations).where(inArray(payoutAllocations.payoutId, ids)).orderBy(payoutAllocations.orderId);
  const byPayout = new Map<string, PayoutAllocationRow[]>();
  for (const row of rows) byPayout.set(row.payoutId, [...(byPayout.get(row.payoutId) ?? []), row]);
  return payouts.map((p) => toAdminPayoutView(p, byPayout.get(p.id) ?? []));
}
export type AdminPayoutView = Awaited<ReturnType<typeof adminPayoutViews>>[number];

/** Every account's payouts for operators (GET /api/v1/admin/payouts, /operator/payouts). */
export async function listAdminPayouts(db: Executor, query: ListPayoutsQuery): Promise<AdminPayoutView[]> {
  return adminPayoutViews(db, await listAllPayouts(db, query));
}

export async function adminPayoutView(db: Executor, payout: PayoutRow): Promise<AdminPayoutView> {
  const [view] = await adminPayoutViews(db, [payout]);
  return view!;
}
