import { cache } from "react";
import { cookies } from "next/headers";
import { redirect } from "next/navigation";
import { currentSession } from "@/lib/auth/auth";
import { resolveMember, type ResolvedMember } from "@/lib/accounts/memberships";
import { ACTIVE_ACCOUNT_COOKIE } from "@/lib/auth/active-account-cookie";
import { allowedWhileSuspended, can, type Action, type Principal, type Role } from "@/lib/auth/policy";
import { getDb } from "@/lib/db";

export interface PageMember extends ResolvedMember {
  role: Role | null;
  can: (action: Action) => boolean;
}

/** For server components: the signed-in member (re-read from the database), or a redirect to sign-in. */
export const requirePageMember = cache(async (): Promise<PageMember> => {
  const claim = await currentSession();
  if (!claim) redirect("/sign-in");
  const preferred = (await cookies()).get(ACTIVE_ACCOUNT_COOKIE)?.value ?? null;
  // An ended or expired session resolves to nobody, like no cookie at all.
  const member = await resolveMember(await getDb(), claim, preferred);
  if (!member) redirect("/sign-in");
  const role = member.account?.role ?? null;
  const principal: Principal = role
    ? { kind: "member", role, isOperator: member.user.isOperator }
    : { kind: "operator_without_account", isOperator: member.user.isOperator };
  // Pages hide what the API wrapper would refuse a suspended account (lib/api/steps/authorize.ts).
  const suspended = member.account?.suspendedAt != null;
  return { ...member, role, can: (action) => can(principal, action) && (!suspended || allowedWhileSuspended(action)) };
});

/** For pages that need an account: a member without one is sent to create or join one. */
export async function requireAccountMember(): Promise<PageMember & { account: NonNullable<PageMember["account"]>; role: Role }> {
  const member = await requirePageMember();
  if (!member.account || !member.role) redirect("/welcome");
  return member as never;
}
