"use client";

import { useRouter } from "next/navigation";
import { useId, useState, useTransition } from "react";
import { apiFetch } from "@/components/api-client";
import { Button, Input } from "@/components/ui";

/**
 * An operator's Approve / Reject-with-a-reason pair for one request (a refund, a payout): POSTs
 * `${actionPath}/approve` or `${actionPath}/reject` {reason}, shows the API's message on refusal, refreshes on success.
 */
export function ApproveRejectDecision({ actionPath, subject }: { actionPath: string; subject: string }) {
  const router = useRouter();
  const id = useId();
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const [rejecting, setRejecting] = useState(false);
  const [reason, setReason] = useState("");
  const [, startTransition] = useTransition();
  const act = async (verb: "approve" | "reject", body?: unknown) => {
    setBusy(true);
    setError(null);
    const result = await apiFetch(`${actionPath}/${verb}`, { method: "POST", body });
    setBusy(false);
    if (!result.ok) return setError(result.error.message);
    startTransition(() => router.refresh());
  };
  return (
    <span className="inline-flex flex-col items-end gap-2 whitespace-normal">
      {rejecting ? (
        <form
          className="flex items-center gap-2"
          onSubmit={(e) => {
            e.preventDefault();
            void act("reject", { reason });
          }}
        >
          <label htmlFor={`${id}-reason`} className="sr-only">
            Why is it rejected?
          </label>
          <Input id={`${id}-reason`} required maxLength={500} placeholder="Reason" value={reason} onChange={(e) => setReason(e.target.value)} className="min-h-8 w-48 py-1" />
          <Button type="submit" variant="danger" disabled={busy} className="min-h-8 px-3 py-1">
            Reject
          </Button>
        </form>
      ) : (
        <span className="flex gap-2">
          <Button disabled={busy} className="min-h-8 px-3 py-1" onClick={() => void act("approve")} aria-label={`Approve ${subject}`}>
            {busy ? "Working…" : "Approve"}
          </Button>
          <Button variant="secondary" disabled={busy} className="min-h-8 px-3 py-1" onClick={() => setRejecting(true)} aria-label={`Reject ${subject}`}>
            Reject…
          </Button>
        </span>
      )}
      {error ? (
        <span role="alert" className="max-w-64 text-right text-xs text-red-700">
          {error}
        </span>
      ) : null}
    </span>
  );
}
