// GET /settings/security – change password, sign out everywhere
import type { Metadata } from "next";
import { changePasswordAction, signOutEverywhereAction } from "@/app/(auth)/password-actions";
import { ChangePasswordForm, SignOutEverywhereForm } from "@/components/password-forms";
import { Card, PageHeader } from "@/components/ui";
import { requirePageMember } from "@/lib/auth/page-session";

export const metadata: Metadata = { title: "Security" };

export default async function SecurityPage() {
  const member = await requirePageMember();
  return (
    <>
      <PageHeader title="Security" description={member.user.email} />
      <div className="grid gap-4 lg:grid-cols-2">
        <Card title="Change password">
          <p className="mb-4 text-sm text-slate-600">
            Every other browser and device signed in to your account is signed out; this one stays signed in. Signed in with GitHub or
            Google only? Set a first password with &ldquo;Forgot your password?&rdquo; on the sign-in page.
          </p>
          <ChangePasswordForm changeAction={changePasswordAction} />
        </Card>
        <Card title="Sign out everywhere">
          <p className="mb-4 text-sm text-slate-600">Ends every session of your account, on every browser and device, this one included.</p>
          <SignOutEverywhereForm signOutEverywhereAction={signOutEverywhereAction} />
        </Card>
      </div>
    </>
  );
}
