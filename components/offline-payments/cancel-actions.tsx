"use client";

import { useRouter } from "next/navigation";
import { useState, useTransition } from "react";
import { apiFetch } from "@/components/api-client";
import { Button, Input } from "@/components/ui";

/** Paid: ask for cancellation with a reason. CancelRequest: approve or reject (by another operator; the server checks). */
export function CancelActions({ paymentId, status }: { paymentId: string; status: "Paid" | "CancelRequest" | "Cancelled" }) {
  const router = useRouter();
  const [reason, setReason] = useState("");
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const [, startTransition] = useTransition();

  async function send(path: string, body: unknown) {
    setBusy(true);
    setError(null);
    const result = await apiFetch(`/api/v1/offline-payments/${encodeURIComponent(paymentId)}/${path}`, { method: "POST", body });
    setBusy(false);
    if (!result.ok) return setError(result.error.message);
    startTransition(() => router.refresh());
  }

  if (status === "Cancelled") return null;
  return (
    <div className="flex flex-wrap items-center gap-2">
      {status === "Paid" ? (
        <>
          <Input aria-label="Reason for cancelling" placeholder="Reason, e.g. cheque dishonoured" value={reason} onChange={(e) => setReason(e.target.value)} className="w-56" />
          <Button variant="danger" disabled={busy} onClick={() => void send("cancel-request", { reason })}>
            Request cancellation
          </Button>
        </>
      ) : (
        <>
          <Button variant="danger" disabled={busy} onClick={() => void send("cancel-decision", { decision: "approve" })}>
            Approve
          </Button>
          <Button variant="secondary" disabled={busy} onClick={() => void send("cancel-decision", { decision: "reject" })}>
            Reject
          </Button>
        </>
      )}
      {error ? (
        <p role="alert" className="w-full text-sm text-red-700">
          {error}
        </p>
      ) : null}
    </div>
  );
}
