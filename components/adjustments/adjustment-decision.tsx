"use client";

import { useRouter } from "next/navigation";
import { useState, useTransition } from "react";
import { apiFetch } from "@/components/api-client";
import { Button, Input } from "@/components/ui";

/** The checker's buttons on a proposed adjustment (the server refuses the maker and a debit past zero). */
export function AdjustmentDecision({ adjustmentId }: { adjustmentId: string }) {
  const router = useRouter();
  const [reason, setReason] = useState("");
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const [, startTransition] = useTransition();

  async function send(verb: "approve" | "reject", body?: unknown) {
    setBusy(true);
    setError(null);
    const result = await apiFetch(`/api/v1/admin/adjustments/${encodeURIComponent(adjustmentId)}/${verb}`, { method: "POST", body });
    setBusy(false);
    if (!result.ok) return setError(result.error.message);
    startTransition(() => router.refresh());
  }

  return (
    <div className="flex flex-wrap items-center gap-2">
      <Button disabled={busy} onClick={() => void send("approve")}>
        Approve
      </Button>
      <Input aria-label="Reason for rejecting" placeholder="Reason to reject" value={reason} onChange={(e) => setReason(e.target.value)} className="w-44" />
      <Button variant="secondary" disabled={busy} onClick={() => void send("reject", { reason })}>
        Reject
      </Button>
      {error ? (
        <p role="alert" className="w-full text-sm text-red-700">
          {error}
        </p>
      ) : null}
    </div>
  );
}
