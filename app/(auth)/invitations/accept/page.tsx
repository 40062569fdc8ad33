// GET /invitations/accept?token=… – explains an invitation link and, for the invited verified user, offers "Join"
import type { Metadata } from "next";
import Link from "next/link";
import { signOutAction } from "@/app/(auth)/actions";
import { AcceptInvitationForm } from "@/components/accept-invitation-form";
import { acceptInvitationAction } from "../../actions";
import { Button, Card } from "@/components/ui";
import { previewInvitation } from "@/lib/accounts/accept-invitation";
import { currentUserId } from "@/lib/auth/auth";
import { getDb } from "@/lib/db";

export const metadata: Metadata = { title: "Invitation" };
export const dynamic = "force-dynamic";

export default async function AcceptInvitationPage({ searchParams }: { searchParams: Promise<{ token?: string | string[] }> }) {
  const { token: raw } = await searchParams;
  const token = typeof raw === "string" ? raw : "";
  const preview = await previewInvitation(await getDb(), { token, userId: await currentUserId() });
  if (preview.state === "invalid" || preview.state === "expired") {
    return (
      <Card>
        <h1 className="mb-3 text-xl font-semibold">Invitation not available</h1>
        <p role="alert" className="text-sm text-slate-700" data-testid="invitation-state">
          {preview.state === "expired"
            ? `This invitation to ${preview.accountName} has expired. Ask the person who invited you for a new link.`
            : "This invitation link is not valid: it was withdrawn, replaced by a newer link, or already used."}
        </p>
      </Card>
    );
  }
  const { accountName, role, invitedEmail } = preview;
  return (
    <Card>
      <h1 className="mb-3 text-xl font-semibold">Join {accountName}</h1>
      <p className="mb-4 text-sm text-slate-700">
        You are invited to {accountName} on Khata as {role}. The invitation is for {invitedEmail}.
      </p>
      {preview.state === "ready" ? (
        <AcceptInvitationForm token={token} label={`Join ${accountName} as ${role}`} acceptAction={acceptInvitationAction} />
      ) : (
        <div className="space-y-3 text-sm text-slate-700" data-testid="invitation-state">
          {preview.state === "sign_in" ? (
            <p>
              <Link href="/sign-in" className="font-medium text-brand-700 underline">
                Sign in
              </Link>{" "}
              or{" "}
              <Link href="/sign-up" className="font-medium text-brand-700 underline">
                create an account
              </Link>{" "}
              with {invitedEmail}, confirm the address from the mail we send, then open this invitation link again.
            </p>
          ) : preview.state === "unverified" ? (
            <p>Confirm your email address first: open the confirmation link we mailed to {invitedEmail} (or ask for a new one on the dashboard), then open this invitation link again.</p>
          ) : (
            <>
              <p>You are signed in with a different email address. Sign out, then sign in with {invitedEmail} and open this link again.</p>
              <form action={signOutAction}>
                <Button type="submit" variant="ghost">
                  Sign out
                </Button>
              </form>
            </>
          )}
        </div>
      )}
    </Card>
  );
}
