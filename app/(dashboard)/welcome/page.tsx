import type { Metadata } from "next";
import { EmptyState, PageHeader } from "@/components/ui";
import { requirePageMember } from "@/lib/auth/page-session";

export const metadata: Metadata = { title: "Welcome" };

export default async function WelcomePage() {
  const member = await requirePageMember();
  return (
    <>
      <PageHeader title={`Welcome, ${member.user.name}`} />
      <EmptyState title="You are not a member of any account">
        Ask an owner to add {member.user.email}, or create a new account from the account menu above.
      </EmptyState>
    </>
  );
}
