"use server";

import { redirect } from "next/navigation";
import { currentSession, signOut } from "@/lib/auth/auth";
import { guardAnonymousAction, SERVER_BUSY_MESSAGE } from "@/lib/auth/anonymous-action-guard";
import { hashPassword } from "@/lib/auth/password";
import { changePasswordSchema, forgotPasswordSchema, resetPasswordSchema } from "@/lib/accounts/schemas";
import { changePassword } from "@/lib/accounts/change-password";
import { revokeAllSessions } from "@/lib/accounts/end-sessions";
import { requestPasswordReset } from "@/lib/accounts/request-password-reset";
import { passwordResetLinkStatus, resetPassword } from "@/lib/accounts/reset-password";
import { findSessionUser } from "@/lib/accounts/session-user";
import { getDb } from "@/lib/db";
import { AppError } from "@/lib/errors";
import type { FormState } from "@/components/auth-forms";
import { fieldErrors, keep, PASSWORD_RESET_NOTICE, RESET_LINK_MESSAGES } from "./form-helpers";

/** /forgot-password: the same answer for every well-formed email (lib/accounts/request-password-reset.ts). */
export async function requestPasswordResetAction(_prev: FormState, form: FormData): Promise<FormState> {
  const values = keep(form, ["email"]);
  const parsed = forgotPasswordSchema.safeParse({ email: form.get("email") });
  if (!parsed.success) return { fieldErrors: fieldErrors(parsed.error.issues), values };
  const guard = await guardAnonymousAction("password-reset");
  if (guard.refusal) return { error: guard.refusal, values };
  await requestPasswordReset(await getDb(), parsed.data);
  return { notice: PASSWORD_RESET_NOTICE, values };
}

/** /reset-password: spends the link, then sends them to sign in with the new password (every session has ended). */
export async function resetPasswordAction(_prev: FormState, form: FormData): Promise<FormState> {
  const parsed = resetPasswordSchema.safeParse({ token: form.get("token"), password: form.get("password") });
  if (!parsed.success) return { fieldErrors: fieldErrors(parsed.error.issues) };
  const db = await getDb();
  // A cheap look first, so a dead link costs no password hash; resetPassword checks again under a lock.
  const status = await passwordResetLinkStatus(db, { token: parsed.data.token });
  if (status !== "valid") return { error: RESET_LINK_MESSAGES[status] };
  let passwordHash: string;
  try {
    passwordHash = await hashPassword(parsed.data.password);
  } catch (error) {
    if (error instanceof AppError && error.code === "too_many_requests") return { error: SERVER_BUSY_MESSAGE };
    throw error;
  }
  const result = await resetPassword(db, { token: parsed.data.token, passwordHash });
  if (result.status !== "reset") return { error: RESET_LINK_MESSAGES[result.status] };
  redirect("/sign-in?reset=done");
}

/** Settings → Security: this browser stays signed in, every other session ends. */
export async function changePasswordAction(_prev: FormState, form: FormData): Promise<FormState> {
  const claim = await currentSession();
  if (!claim) redirect("/sign-in");
  const parsed = changePasswordSchema.safeParse({ currentPassword: form.get("currentPassword"), newPassword: form.get("newPassword") });
  if (!parsed.success) return { fieldErrors: fieldErrors(parsed.error.issues) };
  try {
    const { endedSessions } = await changePassword(await getDb(), { claim, ...parsed.data });
    const others = endedSessions === 1 ? "1 other session was" : `${endedSessions} other sessions were`;
    return { notice: `Password changed. ${others} signed out; this browser stays signed in.` };
  } catch (error) {
    if (error instanceof AppError && error.code === "unauthorized") redirect("/sign-in");
    if (error instanceof AppError) return { error: error.message };
    throw error;
  }
}

/** Settings → Security: ends every session of the user, this browser's included. */
export async function signOutEverywhereAction(): Promise<void> {
  const claim = await currentSession();
  const db = await getDb();
  // Only a live session may end the others: a stale copied cookie cannot sign its owner out everywhere.
  if (claim && (await findSessionUser(db, claim))) await revokeAllSessions(db, { userId: claim.userId });
  await signOut({ redirectTo: "/sign-in" });
}
