import type { Metadata } from "next";
import { TeamManager } from "@/components/team-manager";
import { PageHeader } from "@/components/ui";
import { listMembers } from "@/lib/accounts/members";
import { requireAccountMember } from "@/lib/auth/page-session";
import { getDb } from "@/lib/db";

export const metadata: Metadata = { title: "Team" };

export default async function TeamPage() {
  const member = await requireAccountMember();
  const { members, invitations } = await listMembers(await getDb(), member.account.accountId);
  return (
    <>
      <PageHeader title="Team" description={`People who can use ${member.account.accountName}. Owners and admins manage the team.`} />
      <TeamManager
        members={members}
        invitations={invitations}
        canManage={member.can("team:manage")}
        actorRole={member.role}
        currentUserId={member.user.id}
        accountName={member.account.accountName}
      />
    </>
  );
}
