import { and, asc, eq, gt, inArray, isNotNull, lte, or } from "drizzle-orm";
import { orders } from "@/lib/db/schema";
import { log } from "@/lib/log";
import { closeOrder } from "./close-order";
import { clock, type OrderDeps } from "./deps";
import { syncAnyOrderFromCashfree } from "./verify-order";

/** Orders still open this long after checkout began are asked about (a webhook is normally seconds late at most). */
export const SWEEP_ACTIVE_AFTER_MS = 10 * 60 * 1000;
/** Orders one page reads; a run goes through every page. */
export const SWEEP_BATCH_SIZE = 50;
/** Statuses that still take a payment: Cashfree's order stays ACTIVE after a failed attempt, so a retry can pay it. */
const OPEN_STATUSES = ["ACTIVE", "FAILED", "USER_DROPPED"] as const;

export interface SweepOptions {
  afterMs?: number;
  batchSize?: number;
}

export interface SweepResult {
  /** Orders asked about. */
  checked: number;
  /** Outcome counts: paid (settled now), expired (closed by us or Cashfree), open (still waiting), error. */
  paid: number;
  expired: number;
  open: number;
  errors: number;
}

/**
 * The sweeper (cron `sweep-active-orders`): every order of this Cashfree environment still open `afterMs` after
 * it was created is brought up to date through syncOrderFromCashfree (Get Order + Get Payments → the one
 * settlement function, as verify does), so a payment whose webhook never came is credited exactly once (the
 * order lock and the ledger cause key `order:<id>`, whatever webhook arrives late). An order still open past
 * its expiry with no successful payment is then marked EXPIRED (a payment that succeeds later still settles it).
 * Each order is its own transaction; none is held across Cashfree calls. Pages are keyset (created_at, id), so
 * an order left open is not read twice in one run. A Cashfree failure on one order is logged and counted; the
 * run throws only when every order it asked about failed (Cashfree down), so the job retries and shows.
 */
export async function sweepActiveOrders(deps: OrderDeps, options: SweepOptions = {}): Promise<SweepResult> {
  const now = clock(deps);
  const afterMs = options.afterMs ?? SWEEP_ACTIVE_AFTER_MS;
  const batchSize = options.batchSize ?? SWEEP_BATCH_SIZE;
  const cutoff = new Date(now.getTime() - afterMs);
  const result: SweepResult = { checked: 0, paid: 0, expired: 0, open: 0, errors: 0 };
  let cursor: { createdAt: Date; id: string } | null = null;

  for (;;) {
    const page: { id: string; accountId: string; paymentLink: boolean; createdAt: Date; expiresAt: Date | null }[] = await deps.db
      .select({ id: orders.id, accountId: orders.accountId, paymentLink: orders.paymentLink, createdAt: orders.createdAt, expiresAt: orders.expiresAt })
      .from(orders)
      .where(
        and(
          inArray(orders.status, [...OPEN_STATUSES]),
          eq(orders.cashfreeEnv, deps.cashfree.env),
          // Pay-ins are asked about through their payment link (cf_link_id), checkout orders through their order.
          or(isNotNull(orders.cfOrderId), isNotNull(orders.cfLinkId)),
          lte(orders.createdAt, cutoff),
          cursor ? or(gt(orders.createdAt, cursor.createdAt), and(eq(orders.createdAt, cursor.createdAt), gt(orders.id, cursor.id))) : undefined,
        ),
      )
      .orderBy(asc(orders.createdAt), asc(orders.id))
      .limit(batchSize);

    for (const order of page) {
      result.checked++;
      result[await sweepOne(deps, order, now)]++;
    }
    const last = page.at(-1);
    if (!last || page.length < batchSize) break;
    cursor = { createdAt: last.createdAt, id: last.id };
  }

  if (result.checked > 0 && result.errors === result.checked) {
    throw new Error(`sweep-active-orders: Cashfree failed for all ${result.checked} orders`);
  }
  if (result.checked > 0) log.info("swept open orders", { ...result });
  return result;
}

async function sweepOne(
  deps: OrderDeps,
  order: { id: string; accountId: string; paymentLink: boolean; expiresAt: Date | null },
  now: Date,
): Promise<"paid" | "expired" | "open" | "errors"> {
  const input = { accountId: order.accountId, orderId: order.id };
  try {
    await syncAnyOrderFromCashfree({ ...deps, now: () => now }, order);
  } catch (error) {
    log.warn("sweep: could not bring an order up to date from Cashfree", { orderId: order.id, err: error });
    return "errors";
  }
  const [current] = await deps.db.select({ status: orders.status }).from(orders).where(eq(orders.id, order.id));
  if (current?.status === "PAID") return "paid";
  if (current?.status === "EXPIRED" || current?.status === "TERMINATED") return "expired";
  if (order.expiresAt && order.expiresAt.getTime() <= now.getTime()) {
    const closed = await closeOrder(deps.db, { ...input, status: "EXPIRED", now });
    return closed?.status === "PAID" ? "paid" : "expired";
  }
  return "open";
}
