"use client";

import { useEffect } from "react";
import { Button } from "@/components/ui";

/** The body of every error.tsx: what happened, in plain words, and a way to try again. */
export function ErrorState({ error, reset, what }: { error: Error & { digest?: string }; reset: () => void; what: string }) {
  useEffect(() => {
    console.error(error);
  }, [error]);
  return (
    <div role="alert" className="rounded-lg border border-red-200 bg-white p-8 text-center shadow-sm">
      <p className="text-base font-semibold text-slate-900">We couldn&apos;t load {what}.</p>
      <p className="mx-auto mt-2 max-w-md text-sm text-slate-600">
        This is usually temporary. Your balance and payments are safe; nothing was charged by this error.
        {error.digest ? <span className="mt-1 block text-xs text-slate-500">Reference: {error.digest}</span> : null}
      </p>
      <Button className="mt-4" onClick={reset}>
        Try again
      </Button>
    </div>
  );
}
