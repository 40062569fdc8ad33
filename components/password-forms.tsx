"use client";

import Link from "next/link";
import { useActionState } from "react";
import { changePasswordSchema, forgotPasswordSchema } from "@/lib/accounts/schemas";
import { FormError, FormNotice, useClientValidation, type FormAction } from "@/components/auth-forms";
import { Button, Card, Field, Input } from "@/components/ui";

export function ForgotPasswordForm({ requestAction }: { requestAction: FormAction }) {
  const [state, action, pending] = useActionState(requestAction, {});
  const { clientErrors, onSubmit } = useClientValidation(forgotPasswordSchema, ["email"]);
  const errors = clientErrors ?? state.fieldErrors ?? {};
  return (
    <Card>
      <h1 className="mb-4 text-xl font-semibold">Reset your password</h1>
      {state.notice ? (
        <FormNotice state={state} />
      ) : (
        <form action={action} onSubmit={onSubmit} className="space-y-4" noValidate>
          <p className="text-sm text-slate-600">Enter your account&apos;s email and we&apos;ll mail you a link to choose a new password.</p>
          <FormError state={state} />
          <Field label="Email" htmlFor="email" error={errors.email}>
            <Input id="email" name="email" type="email" autoComplete="email" required defaultValue={state.values?.email} />
          </Field>
          <Button type="submit" className="w-full" disabled={pending}>
            {pending ? "Sending…" : "Send reset link"}
          </Button>
        </form>
      )}
      <p className="mt-4 text-sm">
        <Link href="/sign-in" className="font-medium text-brand-700 underline">
          Back to sign in
        </Link>
      </p>
    </Card>
  );
}

export function ResetPasswordForm({ token, resetAction }: { token: string; resetAction: FormAction }) {
  const [state, action, pending] = useActionState(resetAction, {});
  const errors = state.fieldErrors ?? {};
  return (
    <Card>
      <h1 className="mb-4 text-xl font-semibold">Choose a new password</h1>
      <form action={action} className="space-y-4" noValidate>
        <FormError state={state} />
        <input type="hidden" name="token" value={token} />
        <Field label="New password" htmlFor="password" error={errors.password ?? errors.token} hint="At least 10 characters. Every session of your account is signed out.">
          <Input id="password" name="password" type="password" autoComplete="new-password" required />
        </Field>
        <Button type="submit" className="w-full" disabled={pending}>
          {pending ? "Saving…" : "Set new password"}
        </Button>
      </form>
    </Card>
  );
}

export function ChangePasswordForm({ changeAction }: { changeAction: FormAction }) {
  const [state, action, pending] = useActionState(changeAction, {});
  const { clientErrors, onSubmit } = useClientValidation(changePasswordSchema, ["currentPassword", "newPassword"]);
  const errors = clientErrors ?? state.fieldErrors ?? {};
  return (
    <form action={action} onSubmit={onSubmit} className="space-y-4" noValidate>
      <FormNotice state={state} />
      <FormError state={state} />
      <Field label="Current password" htmlFor="currentPassword" error={errors.currentPassword}>
        <Input id="currentPassword" name="currentPassword" type="password" autoComplete="current-password" required />
      </Field>
      <Field label="New password" htmlFor="newPassword" error={errors.newPassword} hint="At least 10 characters.">
        <Input id="newPassword" name="newPassword" type="password" autoComplete="new-password" required />
      </Field>
      <Button type="submit" disabled={pending}>
        {pending ? "Changing…" : "Change password"}
      </Button>
    </form>
  );
}

export function SignOutEverywhereForm({ signOutEverywhereAction }: { signOutEverywhereAction: () => Promise<void> }) {
  return (
    <form action={signOutEverywhereAction}>
      <Button type="submit" variant="danger">
        Sign out everywhere
      </Button>
    </form>
  );
}
