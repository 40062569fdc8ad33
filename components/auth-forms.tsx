"use client";

import Link from "next/link";
import { useActionState, useState, type FormEvent } from "react";
import type { z } from "zod";
import { signInSchema, signUpSchema } from "@/lib/accounts/schemas";
import { Button, Card, Field, Input } from "@/components/ui";

export interface FormState {
  error?: string;
  /** A success answer shown in place of (or above) the form. */
  notice?: string;
  fieldErrors?: Record<string, string>;
  /** What was typed (never the password), so a refused form keeps its values. */
  values?: Record<string, string>;
}

/** The server action a form submits to; the page passes it in (components never import app/). */
export type FormAction = (previous: FormState, form: FormData) => Promise<FormState>;

/** Validates with the same zod schema as the server before submitting; the server checks again. */
export function useClientValidation(schema: z.ZodType, fields: string[]) {
  const [clientErrors, setClientErrors] = useState<Record<string, string> | null>(null);
  const onSubmit = (event: FormEvent<HTMLFormElement>) => {
    // Only the form's own fields: React adds hidden $ACTION_* inputs for the server action.
    const form = new FormData(event.currentTarget);
    const data = Object.fromEntries(fields.map((f) => [f, form.get(f) ?? undefined]));
    const parsed = schema.safeParse(data);
    if (parsed.success) return setClientErrors(null);
    event.preventDefault();
    const errors: Record<string, string> = {};
    for (const issue of parsed.error.issues) errors[String(issue.path[0] ?? "form")] ??= issue.message;
    setClientErrors(errors);
  };
  return { clientErrors, onSubmit, clear: () => setClientErrors(null) };
}

export function FormNotice({ state }: { state: FormState }) {
  return state.notice ? (
    <p role="status" data-testid="form-notice" className="rounded-md border border-green-200 bg-green-50 px-3 py-2 text-sm text-green-800">
      {state.notice}
    </p>
  ) : null;
}

export function FormError({ state }: { state: FormState }) {
  return state.error ? (
    <p role="alert" className="rounded-md border border-red-200 bg-red-50 px-3 py-2 text-sm text-red-800">
      {state.error}
    </p>
  ) : null;
}

export function SignInForm({ signInAction }: { signInAction: FormAction }) {
  const [state, action, pending] = useActionState(signInAction, {});
  const { clientErrors, onSubmit } = useClientValidation(signInSchema, ["email", "password"]);
  const errors = clientErrors ?? state.fieldErrors ?? {};
  return (
    <Card>
      <h1 className="mb-4 text-xl font-semibold">Sign in</h1>
      <form action={action} onSubmit={onSubmit} className="space-y-4" noValidate>
        <FormError state={state} />
        <Field label="Email" htmlFor="email" error={errors.email}>
          <Input id="email" name="email" type="email" autoComplete="email" required aria-invalid={Boolean(errors.email)} defaultValue={state.values?.email} />
        </Field>
        <Field label="Password" htmlFor="password" error={errors.password}>
          <Input id="password" name="password" type="password" autoComplete="current-password" required />
        </Field>
        <Button type="submit" className="w-full" disabled={pending}>
          {pending ? "Signing in…" : "Sign in"}
        </Button>
      </form>
      <p className="mt-4 text-sm">
        <Link href="/forgot-password" className="font-medium text-brand-700 underline">
          Forgot your password?
        </Link>
      </p>
      <p className="mt-2 text-sm text-slate-600">
        New to Khata?{" "}
        <Link href="/sign-up" className="font-medium text-brand-700 underline">
          Create an account
        </Link>
      </p>
    </Card>
  );
}

export function SignUpForm({ signUpAction }: { signUpAction: FormAction }) {
  const [state, action, pending] = useActionState(signUpAction, {});
  const { clientErrors, onSubmit } = useClientValidation(signUpSchema, ["name", "email", "password", "accountName"]);
  const errors = clientErrors ?? state.fieldErrors ?? {};
  if (state.notice) {
    return (
      <Card>
        <h1 className="mb-4 text-xl font-semibold">Check your email</h1>
        <FormNotice state={state} />
        <p className="mt-4 text-sm text-slate-600">
          We wrote to {state.values?.email}.{" "}
          <Link href="/sign-in" className="font-medium text-brand-700 underline">
            Sign in
          </Link>
        </p>
      </Card>
    );
  }
  return (
    <Card>
      <h1 className="mb-4 text-xl font-semibold">Create your account</h1>
      <form action={action} onSubmit={onSubmit} className="space-y-4" noValidate>
        <FormError state={state} />
        <Field label="Your name" htmlFor="name" error={errors.name}>
          <Input id="name" name="name" autoComplete="name" required defaultValue={state.values?.name} />
        </Field>
        <Field label="Company name" htmlFor="accountName" error={errors.accountName}>
          <Input id="accountName" name="accountName" autoComplete="organization" required defaultValue={state.values?.accountName} />
        </Field>
        <Field label="Work email" htmlFor="email" error={errors.email}>
          <Input id="email" name="email" type="email" autoComplete="email" required defaultValue={state.values?.email} />
        </Field>
        <Field label="Password" htmlFor="password" error={errors.password} hint="At least 10 characters.">
          <Input id="password" name="password" type="password" autoComplete="new-password" required />
        </Field>
        <Button type="submit" className="w-full" disabled={pending}>
          {pending ? "Creating account…" : "Create account"}
        </Button>
      </form>
      <p className="mt-4 text-sm text-slate-600">
        Already have an account?{" "}
        <Link href="/sign-in" className="font-medium text-brand-700 underline">
          Sign in
        </Link>
      </p>
    </Card>
  );
}
