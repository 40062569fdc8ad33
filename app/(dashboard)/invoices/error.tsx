"use client";

import { ErrorState } from "@/components/billing/error-state";

export default function InvoicesError({ error, reset }: { error: Error & { digest?: string }; reset: () => void }) {
  return <ErrorState error={error} reset={reset} what="your invoices" />;
}
