import type { Metadata } from "next";
import { redirect } from "next/navigation";
import { SignUpForm } from "@/components/auth-forms";
import { OAuthButtons } from "@/components/oauth-buttons";
import { currentUserId, enabledOAuthProviders } from "@/lib/auth/auth";

export const metadata: Metadata = { title: "Create account" };

export default async function SignUpPage() {
  if (await currentUserId()) redirect("/billing");
  return (
    <>
      <SignUpForm />
      <OAuthButtons providers={enabledOAuthProviders()} />
    </>
  );
}
