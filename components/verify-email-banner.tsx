"use client";

import { useActionState } from "react";
import { Button } from "@/components/ui";

interface ResendState {
  sent?: boolean;
  error?: string;
}

/** The layout passes the server action in (components never import app/). */
export function VerifyEmailBanner({ email, resendAction }: { email: string; resendAction: () => Promise<ResendState> }) {
  const [state, action, pending] = useActionState(resendAction, {});
  return (
    <div className="border-b border-amber-200 bg-amber-50" data-testid="verify-email-banner">
      <form action={action} className="mx-auto flex max-w-6xl flex-wrap items-center gap-3 px-4 py-2 text-sm text-amber-900">
        <p>
          Confirm {email}: open the link we mailed you. Until then you cannot accept invitations.
        </p>
        <Button type="submit" variant="ghost" disabled={pending}>
          {pending ? "Sending…" : "Resend verification email"}
        </Button>
        {state.sent ? <span role="status">Sent: check your inbox.</span> : null}
        {state.error ? <span role="alert">{state.error}</span> : null}
      </form>
    </div>
  );
}
