// GET /verify-email?token=… – spends an email verification link and says what happened
import type { Metadata } from "next";
import Link from "next/link";
import { Card } from "@/components/ui";
import { verifyEmail } from "@/lib/accounts/email-verification";
import { getDb } from "@/lib/db";

export const metadata: Metadata = { title: "Confirm email" };
export const dynamic = "force-dynamic";

const MESSAGES = {
  invalid: "This confirmation link is not valid. Open the most recent mail from Khata, or ask for a new link from the dashboard.",
  used: "This confirmation link was already used. If your email is not confirmed yet, ask for a new link from the dashboard.",
  expired: "This confirmation link has expired (links work for 24 hours). Ask for a new one from the dashboard.",
} as const;

export default async function VerifyEmailPage({ searchParams }: { searchParams: Promise<{ token?: string | string[] }> }) {
  const { token } = await searchParams;
  const result = await verifyEmail(await getDb(), { token: typeof token === "string" ? token : "" });
  return (
    <Card>
      <h1 className="mb-3 text-xl font-semibold">{result.status === "verified" ? "Email confirmed" : "Link not accepted"}</h1>
      <p role={result.status === "verified" ? "status" : "alert"} className="text-sm text-slate-700" data-testid="verify-email-result">
        {result.status === "verified" ? `Thanks: ${result.email} is confirmed. You can now accept invitations sent to it.` : MESSAGES[result.status]}
      </p>
      <p className="mt-4 text-sm">
        {/* Signed out (e.g. the link opened on another device), /billing leads to sign-in. */}
        <Link href="/billing" className="font-medium text-brand-700 underline">
          Continue to Khata
        </Link>
      </p>
    </Card>
  );
}
