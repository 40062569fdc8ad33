import { and, eq } from "drizzle-orm";
import type { ApiKey } from "@/lib/api-keys/api-key";
import { revokePersonalKeys } from "@/lib/api-keys/revoke-personal-keys";
import { recordAudit } from "@/lib/audit/record-audit";
import { canAssignRole, type Role } from "@/lib/auth/policy";
import type { Db } from "@/lib/db";
import { memberships } from "@/lib/db/schema";
import { AppError, notFound } from "@/lib/errors";

/**
 * A manager ends a teammate's personal key (seed 001: managers "manage sub-users"): the same people one may remove,
 * i.e. owners anyone's, admins only members'. The key stops at once on every instance; the member can make a new
 * one. Not a member of this account → 404. Returns what was revoked (nothing when they had no active key).
 */
export async function revokeMemberKey(
  db: Db,
  input: { accountId: string; actorRole: Role; actorUserId: string; targetUserId: string },
): Promise<ApiKey[]> {
  return db.transaction(async (tx) => {
    const [target] = await tx
      .select({ role: memberships.role })
      .from(memberships)
      .where(and(eq(memberships.accountId, input.accountId), eq(memberships.userId, input.targetUserId)))
      .for("update");
    if (!target) throw notFound("Member");
    if (input.actorUserId !== input.targetUserId && !canAssignRole(input.actorRole, target.role, null)) {
      throw new AppError("insufficient_permissions", "Admins manage members only: only an owner can end an admin's or owner's key.");
    }
    const revoked = await revokePersonalKeys(tx, { accountId: input.accountId, userId: input.targetUserId });
    for (const key of revoked) await recordAudit(tx, { action: "team.member_key_revoke", accountId: input.accountId, targetType: "api_key", targetId: key.id, before: { revoked_at: null }, after: { revoked_at: key.revokedAt, user_id: input.targetUserId } });
    return revoked;
  });
}
