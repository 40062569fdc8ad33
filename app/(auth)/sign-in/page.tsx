import type { Metadata } from "next";
import { redirect } from "next/navigation";
import { SignInForm } from "@/components/auth-forms";
import { OAuthButtons } from "@/components/oauth-buttons";
import { currentUserId, enabledOAuthProviders } from "@/lib/auth/auth";

export const metadata: Metadata = { title: "Sign in" };

export default async function SignInPage() {
  if (await currentUserId()) redirect("/billing");
  return (
    <>
      <SignInForm />
      <OAuthButtons providers={enabledOAuthProviders()} />
    </>
  );
}
