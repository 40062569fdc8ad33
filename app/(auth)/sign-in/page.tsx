import type { Metadata } from "next";
import { redirect } from "next/navigation";
import { oauthSignInAction, signInAction } from "@/app/(auth)/actions";
import { SignInForm } from "@/components/auth-forms";
import { OAuthButtons } from "@/components/oauth-buttons";
import { currentUserId, enabledOAuthProviders } from "@/lib/auth/auth";
import { signInErrorMessage } from "@/lib/auth/sign-in-errors";

export const metadata: Metadata = { title: "Sign in" };

export default async function SignInPage({ searchParams }: { searchParams: Promise<{ error?: string | string[]; reset?: string | string[] }> }) {
  if (await currentUserId()) redirect("/billing");
  const { error, reset } = await searchParams;
  const message = signInErrorMessage(typeof error === "string" ? error : null);
  return (
    <>
      {reset === "done" ? (
        <p role="status" data-testid="sign-in-notice" className="mb-4 rounded-md border border-green-200 bg-green-50 px-3 py-2 text-sm text-green-800">
          Your password was changed and every session was signed out. Sign in with the new password.
        </p>
      ) : null}
      {message ? (
        <p role="alert" data-testid="sign-in-error" className="mb-4 rounded-md border border-red-200 bg-red-50 px-3 py-2 text-sm text-red-800">
          {message}
        </p>
      ) : null}
      <SignInForm signInAction={signInAction} />
      <OAuthButtons providers={enabledOAuthProviders()} oauthSignInAction={oauthSignInAction} />
    </>
  );
}
