"use client";

import { useRouter } from "next/navigation";
import { useState, useTransition } from "react";
import { apiFetch } from "@/components/api-client";
import { Button } from "@/components/ui";

const ACCEPTED_TYPES = "application/pdf,image/png,image/jpeg,text/plain";

async function toBase64(file: File): Promise<string> {
  const bytes = new Uint8Array(await file.arrayBuffer());
  let binary = "";
  for (let i = 0; i < bytes.length; i += 0x8000) binary += String.fromCharCode(...bytes.subarray(i, i + 0x8000));
  return btoa(binary);
}

/** Accept, or contest with a statement and documents; both go to Cashfree through Khata's admin API. */
export function DisputeActions({ disputeId, cfDisputeId }: { disputeId: string; cfDisputeId: string }) {
  const router = useRouter();
  const [mode, setMode] = useState<"idle" | "contest">("idle");
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const [text, setText] = useState("");
  const [files, setFiles] = useState<File[]>([]);
  const [, startTransition] = useTransition();
  const base = `/api/v1/admin/disputes/${encodeURIComponent(disputeId)}`;

  async function run(path: string, body?: unknown) {
    setBusy(true);
    setError(null);
    const result = await apiFetch(path, { method: "POST", body });
    setBusy(false);
    if (!result.ok) return setError(result.error.message);
    setMode("idle");
    startTransition(() => router.refresh());
  }

  return (
    <div className="flex min-w-56 flex-col items-end gap-2">
      {mode === "idle" ? (
        <span className="inline-flex gap-2">
          <Button
            variant="secondary"
            className="min-h-8 px-3 py-1"
            disabled={busy}
            aria-label={`Accept dispute ${cfDisputeId}`}
            onClick={() => {
              if (window.confirm("Accept this dispute? The held credits are removed for good and a credit note is issued.")) void run(`${base}/accept`);
            }}
          >
            {busy ? "Accepting…" : "Accept"}
          </Button>
          <Button className="min-h-8 px-3 py-1" disabled={busy} aria-label={`Contest dispute ${cfDisputeId}`} onClick={() => setMode("contest")}>
            Contest
          </Button>
        </span>
      ) : (
        <form
          className="flex w-72 flex-col gap-2"
          onSubmit={async (event) => {
            event.preventDefault();
            const documents = await Promise.all(
              files.map(async (file) => ({ file_name: file.name, content_type: file.type || "application/octet-stream", content_base64: await toBase64(file), doc_type: "DeliveryProof" })),
            );
            await run(`${base}/contest`, { text, documents });
          }}
        >
          <label className="text-left text-xs font-medium text-slate-700">
            Why the charge was right
            <textarea
              className="mt-1 block w-full rounded-md border border-slate-300 p-2 text-sm"
              rows={4}
              required
              minLength={10}
              maxLength={5000}
              value={text}
              onChange={(e) => setText(e.target.value)}
            />
          </label>
          <label className="text-left text-xs font-medium text-slate-700">
            Evidence (PDF, PNG, JPEG or text; up to 5 files of 4 MB)
            <input className="mt-1 block w-full text-xs" type="file" multiple accept={ACCEPTED_TYPES} onChange={(e) => setFiles(Array.from(e.target.files ?? []).slice(0, 5))} />
          </label>
          <span className="inline-flex justify-end gap-2">
            <Button type="button" variant="secondary" className="min-h-8 px-3 py-1" disabled={busy} onClick={() => setMode("idle")}>
              Cancel
            </Button>
            <Button type="submit" className="min-h-8 px-3 py-1" disabled={busy}>
              {busy ? "Sending…" : "Send to Cashfree"}
            </Button>
          </span>
        </form>
      )}
      {error ? (
        <span role="alert" className="max-w-72 whitespace-normal text-right text-xs text-red-700">
          {error}
        </span>
      ) : null}
    </div>
  );
}
