// GET /reset-password?token=… – choose a new password with an emailed reset link (or say why the link is refused)
import type { Metadata } from "next";
import Link from "next/link";
import { resetPasswordAction } from "@/app/(auth)/password-actions";
import { RESET_LINK_MESSAGES } from "@/app/(auth)/form-helpers";
import { ResetPasswordForm } from "@/components/password-forms";
import { Card } from "@/components/ui";
import { passwordResetLinkStatus } from "@/lib/accounts/reset-password";
import { getDb } from "@/lib/db";

export const metadata: Metadata = { title: "Choose a new password" };
export const dynamic = "force-dynamic";

export default async function ResetPasswordPage({ searchParams }: { searchParams: Promise<{ token?: string | string[] }> }) {
  const { token } = await searchParams;
  const value = typeof token === "string" ? token : "";
  const status = await passwordResetLinkStatus(await getDb(), { token: value });
  if (status === "valid") return <ResetPasswordForm token={value} resetAction={resetPasswordAction} />;
  return (
    <Card>
      <h1 className="mb-3 text-xl font-semibold">Link not accepted</h1>
      <p role="alert" className="text-sm text-slate-700" data-testid="reset-link-result">
        {RESET_LINK_MESSAGES[status]}
      </p>
      <p className="mt-4 text-sm">
        <Link href="/forgot-password" className="font-medium text-brand-700 underline">
          Ask for a new link
        </Link>
      </p>
    </Card>
  );
}
