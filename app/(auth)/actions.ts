"use server";

import { AuthError } from "next-auth";
import { signIn, signOut } from "@/lib/auth/auth";
import { signInRefusalMessage } from "@/lib/auth/sign-in-refusals";
import { guardAnonymousAction, SERVER_BUSY_MESSAGE } from "@/lib/auth/anonymous-action-guard";
import { signInSchema, signUpSchema } from "@/lib/accounts/schemas";
import { signUpWithPassword } from "@/lib/accounts/sign-up-with-password";
import { acceptInvitation } from "@/lib/accounts/accept-invitation";
import { resendEmailVerification } from "@/lib/accounts/email-verification";
import { ACTIVE_ACCOUNT_COOKIE } from "@/lib/auth/active-account-cookie";
import { currentUserId } from "@/lib/auth/auth";
import { getDb } from "@/lib/db";
import type { FormState } from "@/components/auth-forms";
import { AppError } from "@/lib/errors";
import { cookies } from "next/headers";
import { redirect } from "next/navigation";

import { fieldErrors, keep, SIGN_UP_NOTICE } from "./form-helpers";

export async function signInAction(_prev: FormState, form: FormData): Promise<FormState> {
  const values = keep(form, ["email"]);
  const parsed = signInSchema.safeParse({ email: form.get("email"), password: form.get("password") });
  if (!parsed.success) return { fieldErrors: fieldErrors(parsed.error.issues), values };
  try {
    await signIn("credentials", { ...parsed.data, redirectTo: "/billing" });
  } catch (error) {
    if (error instanceof AuthError) {
      return { error: signInRefusalMessage((error as { code?: unknown }).code) ?? "That email and password don't match an account.", values };
    }
    throw error; // NEXT_REDIRECT on success
  }
  return {};
}

export async function signUpAction(_prev: FormState, form: FormData): Promise<FormState> {
  const parsed = signUpSchema.safeParse({
    name: form.get("name"),
    email: form.get("email"),
    password: form.get("password"),
    accountName: form.get("accountName"),
  });
  const values = keep(form, ["name", "email", "accountName"]);
  if (!parsed.success) return { fieldErrors: fieldErrors(parsed.error.issues), values };
  const guard = await guardAnonymousAction("sign-up");
  if (guard.refusal) return { error: guard.refusal, values };
  // Same answer, same work, for a new and a registered email (lib/accounts/sign-up-with-password.ts): no session
  // is started here, so the answer cannot differ; they sign in once they have the mail.
  try {
    await signUpWithPassword(await getDb(), { ...parsed.data, clientKey: guard.ip });
  } catch (error) {
    if (error instanceof AppError && error.code === "too_many_requests") return { error: SERVER_BUSY_MESSAGE, values };
    throw error;
  }
  return { notice: SIGN_UP_NOTICE, values: { email: parsed.data.email } };
}

export interface ResendState {
  sent?: boolean;
  error?: string;
}

/** The unverified banner's button: mails a fresh verification link. */
export async function resendVerificationAction(): Promise<ResendState> {
  const userId = await currentUserId();
  if (!userId) return { error: "Sign in first." };
  const db = await getDb();
  await resendEmailVerification(db, { userId });
  return { sent: true };
}

export interface AcceptState {
  error?: string;
}

/** The explicit "Join <account>" click on /invitations/accept: joins, switches to the account, opens billing. */
export async function acceptInvitationAction(_prev: AcceptState, form: FormData): Promise<AcceptState> {
  const userId = await currentUserId();
  if (!userId) return { error: "Sign in to accept this invitation." };
  let accountId: string;
  try {
    ({ accountId } = await acceptInvitation(await getDb(), { token: String(form.get("token") ?? ""), userId }));
  } catch (error) {
    if (error instanceof AppError) return { error: error.message };
    throw error;
  }
  (await cookies()).set(ACTIVE_ACCOUNT_COOKIE, accountId, { httpOnly: true, sameSite: "lax", path: "/" });
  redirect("/billing");
}

export async function oauthSignInAction(form: FormData): Promise<void> {
  const provider = String(form.get("provider"));
  if (provider !== "github" && provider !== "google") return;
  await signIn(provider, { redirectTo: "/billing" });
}

export async function signOutAction(): Promise<void> {
  await signOut({ redirectTo: "/sign-in" });
}
