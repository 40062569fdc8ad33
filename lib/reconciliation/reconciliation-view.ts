import type { reconciliationMismatches, reconciliationRuns } from "@/lib/db/schema";

type RunRow = typeof reconciliationRuns.$inferSelect;
type MismatchRow = typeof reconciliationMismatches.$inferSelect;

/** A run as operators see it (JSON and the /operator/reconciliation page). */
export function runView(run: RunRow) {
  return {
    id: run.id,
    period_start: run.periodStart.toISOString(),
    period_end: run.periodEnd.toISOString(),
    triggered_by: run.triggeredBy,
    requested_by_user_id: run.requestedByUserId,
    status: run.status,
    requested_at: run.requestedAt.toISOString(),
    started_at: run.startedAt?.toISOString() ?? null,
    finished_at: run.finishedAt?.toISOString() ?? null,
    orders_checked: run.ordersChecked,
    refunds_checked: run.refundsChecked,
    settlement_events_read: run.settlementEventsRead,
    mismatch_count: run.mismatchCount,
    error: run.error,
  };
}
export type RunView = ReturnType<typeof runView>;

export function mismatchView(row: MismatchRow) {
  return {
    id: String(row.id),
    kind: row.kind,
    order_id: row.orderId,
    cf_payment_id: row.cfPaymentId,
    refund_id: row.refundId,
    cf_settlement_id: row.cfSettlementId,
    settlement_utr: row.settlementUtr,
    expected_paise: row.expectedPaise === null ? null : row.expectedPaise.toString(),
    actual_paise: row.actualPaise === null ? null : row.actualPaise.toString(),
    detail: row.detail,
  };
}
export type MismatchView = ReturnType<typeof mismatchView>;

const CSV_COLUMNS = ["kind", "order_id", "cf_payment_id", "refund_id", "cf_settlement_id", "settlement_utr", "expected_inr", "actual_inr", "detail"] as const;

/** RFC 4180; a cell starting with = + - @ is prefixed with ' so a spreadsheet never runs it as a formula. */
function csvCell(value: string | null): string {
  if (value === null) return "";
  const safe = /^[=+\-@\t\r]/.test(value) ? `'${value}` : value;
  return /[",\r\n]/.test(safe) ? `"${safe.replaceAll('"', '""')}"` : safe;
}

/** 123456n → "1234.56", exact (no float). */
function rupeeText(paise: bigint | null): string | null {
  if (paise === null) return null;
  const abs = paise < 0n ? -paise : paise;
  return `${paise < 0n ? "-" : ""}${abs / 100n}.${(abs % 100n).toString().padStart(2, "0")}`;
}

/** The run's mismatches as CSV (rupees with two decimals, for an accountant's spreadsheet). */
export function mismatchesCsv(rows: MismatchRow[]): string {
  const lines = [CSV_COLUMNS.join(",")];
  for (const row of rows) {
    lines.push(
      [row.kind, row.orderId, row.cfPaymentId, row.refundId, row.cfSettlementId, row.settlementUtr, rupeeText(row.expectedPaise), rupeeText(row.actualPaise), row.detail]
        .map(csvCell)
        .join(","),
    );
  }
  return `${lines.join("\r\n")}\r\n`;
}
