import type { Metadata } from "next";
import { redirect } from "next/navigation";
import { oauthSignInAction, signUpAction } from "@/app/(auth)/actions";
import { SignUpForm } from "@/components/auth-forms";
import { OAuthButtons } from "@/components/oauth-buttons";
import { currentUserId, enabledOAuthProviders } from "@/lib/auth/auth";

export const metadata: Metadata = { title: "Create account" };

export default async function SignUpPage() {
  if (await currentUserId()) redirect("/billing");
  return (
    <>
      <SignUpForm signUpAction={signUpAction} />
      <OAuthButtons providers={enabledOAuthProviders()} oauthSignInAction={oauthSignInAction} />
    </>
  );
}
