// GET /forgot-password – ask for a password reset link (the answer never says whether the email has an account)
import type { Metadata } from "next";
import { requestPasswordResetAction } from "@/app/(auth)/password-actions";
import { ForgotPasswordForm } from "@/components/password-forms";

export const metadata: Metadata = { title: "Reset password" };

export default function ForgotPasswordPage() {
  return <ForgotPasswordForm requestAction={requestPasswordResetAction} />;
}
