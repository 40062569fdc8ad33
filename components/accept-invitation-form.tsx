"use client";

import { useActionState } from "react";
import { Button } from "@/components/ui";

interface AcceptState {
  error?: string;
}

/** The page passes the server action in (components never import app/). */
export function AcceptInvitationForm({
  token,
  label,
  acceptAction,
}: {
  token: string;
  label: string;
  acceptAction: (state: AcceptState, form: FormData) => Promise<AcceptState>;
}) {
  const [state, action, pending] = useActionState(acceptAction, {});
  return (
    <form action={action} className="space-y-3">
      {state.error ? (
        <p role="alert" className="rounded-md border border-red-200 bg-red-50 px-3 py-2 text-sm text-red-800">
          {state.error}
        </p>
      ) : null}
      <input type="hidden" name="token" value={token} />
      <Button type="submit" className="w-full" disabled={pending}>
        {pending ? "Joining…" : label}
      </Button>
    </form>
  );
}
