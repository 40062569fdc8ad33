import { and, desc, eq, gte, lt, type SQL } from "drizzle-orm";
import type { Executor } from "@/lib/db";
import { auditLog } from "@/lib/db/schema";
import { istDayStart } from "./ist-day";
import { toAuditEntryView, type AuditEntryView } from "./audit-entry-view";
import type { AuditLogQuery } from "./schemas";

export interface AuditPage {
  entries: AuditEntryView[];
  /** Pass as `before` for the next (older) page; null on the last page. */
  next_cursor: string | null;
}

/**
 * Audit entries newest first, keyset-paged on the id (`before` = the last id seen; ids only grow). `accountId`
 * scopes an owner's view to their account whatever the query says; operators may filter by any account.
 */
export async function listAuditLog(db: Executor, query: AuditLogQuery & { scopeAccountId?: string }): Promise<AuditPage> {
  const filters: SQL[] = [];
  const accountId = query.scopeAccountId ?? query.account_id;
  if (accountId) filters.push(eq(auditLog.accountId, accountId));
  if (query.actor_id) filters.push(eq(auditLog.actorId, query.actor_id));
  if (query.action) filters.push(eq(auditLog.action, query.action));
  if (query.from) filters.push(gte(auditLog.at, istDayStart(query.from)));
  if (query.to) filters.push(lt(auditLog.at, istDayStart(query.to, 1)));
  if (query.before) filters.push(lt(auditLog.id, BigInt(query.before)));
  const rows = await db
    .select()
    .from(auditLog)
    .where(filters.length ? and(...filters) : undefined)
    .orderBy(desc(auditLog.id))
    .limit(query.limit + 1);
  const page = rows.slice(0, query.limit);
  return { entries: page.map(toAuditEntryView), next_cursor: rows.length > query.limit ? page[page.length - 1]!.id.toString() : null };
}
