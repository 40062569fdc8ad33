import type { auditLog } from "@/lib/db/schema";

export type AuditRow = typeof auditLog.$inferSelect;

export interface AuditEntryView {
  id: string;
  at: string;
  account_id: string | null;
  actor_kind: AuditRow["actorKind"];
  actor_id: string | null;
  request_id: string | null;
  ip: string | null;
  action: string;
  target_type: string;
  target_id: string | null;
  before: unknown;
  after: unknown;
}

export function toAuditEntryView(row: AuditRow): AuditEntryView {
  return {
    id: row.id.toString(),
    at: row.at.toISOString(),
    account_id: row.accountId,
    actor_kind: row.actorKind,
    actor_id: row.actorId,
    request_id: row.requestId,
    ip: row.ip,
    action: row.action,
    target_type: row.targetType,
    target_id: row.targetId,
    before: row.before ?? null,
    after: row.after ?? null,
  };
}

const CSV_COLUMNS = ["id", "at", "account_id", "actor_kind", "actor_id", "request_id", "ip", "action", "target_type", "target_id", "before", "after"] as const;

/** RFC 4180; a cell starting with = + - @ is prefixed with ' so a spreadsheet never runs it as a formula. */
function csvCell(value: string | null): string {
  if (value === null) return "";
  const safe = /^[=+\-@\t\r]/.test(value) ? `'${value}` : value;
  return /[",\r\n]/.test(safe) ? `"${safe.replaceAll('"', '""')}"` : safe;
}

export function auditCsv(entries: AuditEntryView[]): string {
  const lines = [CSV_COLUMNS.join(",")];
  for (const e of entries) {
    lines.push(
      [e.id, e.at, e.account_id, e.actor_kind, e.actor_id, e.request_id, e.ip, e.action, e.target_type, e.target_id, e.before === null ? null : JSON.stringify(e.before), e.after === null ? null : JSON.stringify(e.after)]
        .map(csvCell)
        .join(","),
    );
  }
  return `${lines.join("\r\n")}\r\n`;
}
