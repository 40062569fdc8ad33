"use client";

import { useActionState } from "react";
import { acceptInvitationAction } from "@/app/(auth)/actions";
import { Button } from "@/components/ui";

export function AcceptInvitationForm({ token, label }: { token: string; label: string }) {
  const [state, action, pending] = useActionState(acceptInvitationAction, {});
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
