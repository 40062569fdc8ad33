import type { Tx } from "@/lib/db";
import { auditLog } from "@/lib/db/schema";
import { currentRequestContext, type RequestActor } from "@/lib/log-context";
import type { AuditAction } from "./audit-actions";

export type AuditFields = Record<string, unknown>;

export interface AuditInput {
  action: AuditAction;
  /** The account the change belongs to (null for platform-wide things such as a coupon). */
  accountId: string | null;
  targetType: string;
  targetId: string | null;
  /** The fields as they were; only those that differ from `after` are stored. */
  before?: AuditFields | null;
  after?: AuditFields | null;
  /** Who acted, when not the current request's caller (a server action, a job). Default: the request's, else system. */
  actor?: RequestActor;
}

/** JSON-safe: bigint → string, Date → ISO; undefined dropped. */
function plain(value: unknown): unknown {
  if (typeof value === "bigint") return value.toString();
  if (value instanceof Date) return value.toISOString();
  if (Array.isArray(value)) return value.map(plain);
  if (value && typeof value === "object") return Object.fromEntries(Object.entries(value).filter(([, v]) => v !== undefined).map(([k, v]) => [k, plain(v)]));
  return value ?? null;
}

/** Keeps the fields whose value changed between before and after (all of them when one side is absent). */
export function changedFields(before: AuditFields | null | undefined, after: AuditFields | null | undefined): { before: AuditFields | null; after: AuditFields | null } {
  const b = before ? (plain(before) as AuditFields) : null;
  const a = after ? (plain(after) as AuditFields) : null;
  if (!b || !a) return { before: b, after: a };
  const keys = [...new Set([...Object.keys(b), ...Object.keys(a)])].filter((k) => JSON.stringify(b[k] ?? null) !== JSON.stringify(a[k] ?? null));
  return { before: Object.fromEntries(keys.map((k) => [k, b[k] ?? null])), after: Object.fromEntries(keys.map((k) => [k, a[k] ?? null])) };
}

/**
 * Appends one audit entry inside the caller's transaction, so it commits with the change or not at all. Who and
 * from where come from the request context (lib/log-context, set by the route wrapper); outside a request the
 * actor is `system` unless given.
 */
export async function recordAudit(tx: Tx, input: AuditInput): Promise<void> {
  const context = currentRequestContext();
  const actor = input.actor ?? context?.actor ?? { kind: "system", id: null };
  const { before, after } = changedFields(input.before, input.after);
  await tx.insert(auditLog).values({
    accountId: input.accountId,
    actorKind: actor.kind,
    actorId: actor.id,
    requestId: context?.requestId ?? null,
    ip: context?.ip ?? null,
    action: input.action,
    targetType: input.targetType,
    targetId: input.targetId,
    before,
    after,
  });
}
