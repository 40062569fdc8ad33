import { eq, inArray } from "drizzle-orm";
import type { Db, Tx } from "@/lib/db";
import { billingProfiles, orders } from "@/lib/db/schema";
import { enqueueInvoiceJobs, numberInvoices } from "@/lib/invoices/issue-invoices";
import type { PreparedInvoice } from "@/lib/invoices/prepare-invoice";
import { applyPayment, type PaymentInput, type SettleResult } from "./apply-payment";
import { asPlainTopUp, settlePlainTopUps, type LockedOrder, type TopUpSettlement } from "./settle-top-ups";

export { rupeeAmountToPaise, type ReportedPayment, type SettleOutcome, type SettleResult } from "./apply-payment";

export interface SettleInput extends PaymentInput {
  /** Settlement time: becomes paid_at, the invoice date (and its financial year) and the plan's start. */
  now?: Date;
}

/**
 * One item of a batch: a payment to settle, or another change to an order (a dispute flag) that rides in the
 * same transaction. `orderId` is the order the item touches (locked up front), null when there is none.
 */
export type BatchItem =
  | { orderId: string; payment: PaymentInput }
  | { orderId: string | null; apply: (tx: Tx, now: Date) => Promise<string> };

export type BatchItemResult = { ok: true; outcome: string; settled: SettleResult | null } | { ok: false; error: unknown };

export interface BatchOptions {
  /** The batch's clock: every paid_at, invoice date and plan start of the batch. */
  now: Date;
  /**
   * Each item in its own SAVEPOINT (a nested drizzle transaction): one that throws is rolled back alone (its
   * locks released) and reported as `ok: false`, the others go on. Without it a throw aborts the whole batch.
   */
  isolate?: boolean;
  /** Runs inside each item's savepoint, before the item (tests inject a failure here). */
  beforeItem?: (index: number, tx: Tx) => Promise<void>;
  /** Runs after every item and the batch's jobs, just before the numbering statement (the job marks its events here). */
  beforeNumbering?: (results: BatchItemResult[]) => Promise<void>;
}

/**
 * THE settlement function (webhook batches and verify), inside the caller's transaction; a single settlement is
 * a batch of one. Exactly once comes from the order row lock (FOR UPDATE) and the ledger's cause key
 * `order:<id>` (and, for webhooks, the event key the job claimed). Locking contract, in this order only, so
 * concurrent batches and verify calls never deadlock:
 * 1. every order of the batch, locked in id order by one statement (a batch of one locks it in applyPayment);
 * 2. account rows: first every plain top-up's account at once, in id order (settlePlainTopUps: the common case
 *    in one statement), then the other items' as they run, sorted by account (a plan order's account meeting
 *    another batch's plain top-ups can deadlock; PostgreSQL aborts one batch, which settles again one by one);
 * 3. the financial year's invoice counter, by the LAST statement (numberInvoices), held until COMMIT: the
 *    fan-out and render jobs and `beforeNumbering` run before it, so nothing else runs under that lock.
 * Results come back in the items' order; invoice numbers follow the settlement order, gap-free.
 */
export async function settleBatch(tx: Tx, items: BatchItem[], options: BatchOptions): Promise<BatchItemResult[]> {
  const { now } = options;
  const { order, locked } = await settlementOrder(tx, items);
  const results: BatchItemResult[] = new Array<BatchItemResult>(items.length);
  const prepared: { index: number; invoice: PreparedInvoice }[] = [];

  // The batch's plain top-ups in one statement (optimistic pass only: with savepoints, every item runs alone).
  const plain = new Map<number, TopUpSettlement>();
  if (!options.isolate && locked.size > 0) {
    const seen = new Set<string>();
    for (const index of order) {
      const item = items[index]!;
      if (!("payment" in item) || seen.has(item.orderId)) continue;
      seen.add(item.orderId);
      const settlement = asPlainTopUp(locked.get(item.orderId), item.payment, now);
      if (settlement) plain.set(index, settlement);
    }
    for (const index of plain.keys()) await options.beforeItem?.(index, tx);
    await settlePlainTopUps(tx, [...plain.values()], now);
    for (const [index, settlement] of plain) {
      results[index] = { ok: true, outcome: settlement.result.outcome, settled: settlement.result };
      prepared.push({ index, invoice: settlement.invoice });
    }
  }

  for (const index of order) {
    if (plain.has(index)) continue;
    const item = items[index]!;
    const run = async (t: Tx) => {
      await options.beforeItem?.(index, t);
      if ("payment" in item) return applyPayment(t, item.payment, now);
      return { outcome: await item.apply(t, now) };
    };
    try {
      const done = options.isolate ? await tx.transaction((sp) => run(sp)) : await run(tx);
      if ("result" in done) {
        results[index] = { ok: true, outcome: done.result.outcome, settled: done.result };
        if (done.invoice) prepared.push({ index, invoice: done.invoice });
      } else {
        results[index] = { ok: true, outcome: done.outcome, settled: null };
      }
    } catch (error) {
      if (!options.isolate) throw error;
      results[index] = { ok: false, error };
    }
  }

  const invoices = prepared.map((p) => p.invoice);
  await enqueueInvoiceJobs(tx, invoices);
  await options.beforeNumbering?.(results);
  const issued = await numberInvoices(tx, invoices);
  const numbers = new Map(issued.map((i) => [i.invoiceId, i.invoiceNumber]));
  for (const { index, invoice } of prepared) {
    const result = results[index];
    if (result?.ok && result.settled) result.settled.invoiceNumber = numbers.get(invoice.id) ?? null;
  }
  return results;
}

/**
 * Locks the batch's orders in id order (step 1), reading them with their billing profiles, and returns the item
 * indexes sorted by account, then as given. A batch of one locks nothing here (applyPayment does).
 */
async function settlementOrder(tx: Tx, items: BatchItem[]): Promise<{ order: number[]; locked: Map<string, LockedOrder> }> {
  const indexes = items.map((_, i) => i);
  const locked = new Map<string, LockedOrder>();
  const ids = [...new Set(items.map((i) => i.orderId).filter((id): id is string => id !== null))].sort();
  if (items.length < 2 || ids.length === 0) return { order: indexes, locked };
  const rows = await tx
    .select({ order: orders, profile: billingProfiles })
    .from(orders)
    .leftJoin(billingProfiles, eq(billingProfiles.accountId, orders.accountId))
    .where(inArray(orders.id, ids))
    .orderBy(orders.id)
    .for("update", { of: orders });
  for (const row of rows) locked.set(row.order.id, row);
  const key = (i: number) => locked.get(items[i]!.orderId ?? "")?.order.accountId ?? "";
  return { order: indexes.sort((a, b) => (key(a) < key(b) ? -1 : key(a) > key(b) ? 1 : a - b)), locked };
}

/** Settles one payment at once in its own transaction (verify; scripts): a batch of one. */
export async function settleOrder(db: Db, input: SettleInput): Promise<SettleResult> {
  const { now = new Date(), ...payment } = input;
  const [result] = await db.transaction((tx) => settleBatch(tx, [{ orderId: payment.orderId, payment }], { now }));
  if (!result?.ok || !result.settled) throw new Error("a batch of one settles or throws");
  return result.settled;
}
