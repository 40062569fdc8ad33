"use client";

import { useRouter } from "next/navigation";
import { useState, useTransition } from "react";
import { apiFetch } from "@/components/api-client";
import { Button } from "@/components/ui";

export function RetryJobButton({ jobId, task }: { jobId: string; task: string }) {
  const router = useRouter();
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const [, startTransition] = useTransition();
  return (
    <span className="inline-flex flex-col items-end gap-1">
      <Button
        variant="secondary"
        className="min-h-8 px-3 py-1"
        disabled={busy}
        aria-label={`Retry job ${jobId} (${task})`}
        onClick={async () => {
          setBusy(true);
          setError(null);
          const result = await apiFetch(`/api/v1/admin/jobs/${encodeURIComponent(jobId)}/retry`, { method: "POST" });
          setBusy(false);
          if (!result.ok) return setError(result.error.message);
          startTransition(() => router.refresh());
        }}
      >
        {busy ? "Retrying…" : "Retry"}
      </Button>
      {error ? (
        <span role="alert" className="max-w-56 whitespace-normal text-right text-xs text-red-700">
          {error}
        </span>
      ) : null}
    </span>
  );
}
