"use client";

import { useRouter } from "next/navigation";
import { useState, useTransition } from "react";
import { apiFetch } from "@/components/api-client";
import { Button, Field, Input } from "@/components/ui";

const newKey = () => (typeof crypto !== "undefined" && "randomUUID" in crypto ? crypto.randomUUID() : `${Date.now()}-${Math.random()}`);

/**
 * Withdraw unused credits to a bank account (owners/admins). One Idempotency-Key per request attempt: a double
 * click or a retried submit replays the first answer instead of asking twice; a new key after each success.
 */
export function PayoutRequestForm({ maxCredits }: { maxCredits: number }) {
  const router = useRouter();
  const [key, setKey] = useState(newKey);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const [done, setDone] = useState<string | null>(null);
  const [, startTransition] = useTransition();
  return (
    <form
      className="grid gap-3 sm:grid-cols-2"
      onSubmit={async (e) => {
        e.preventDefault();
        const data = new FormData(e.currentTarget);
        setBusy(true);
        setError(null);
        setDone(null);
        const result = await apiFetch<{ payout_id: string }>("/api/v1/payouts", {
          method: "POST",
          idempotencyKey: key,
          body: {
            credits: Number(data.get("credits")),
            beneficiary: { name: String(data.get("name") ?? ""), account_number: String(data.get("account_number") ?? ""), ifsc: String(data.get("ifsc") ?? "") },
          },
        });
        setBusy(false);
        if (!result.ok) return setError(result.error.message);
        setDone(`Payout ${result.data.payout_id} requested: the credits are held until Khata approves it.`);
        setKey(newKey());
        (e.target as HTMLFormElement).reset();
        startTransition(() => router.refresh());
      }}
    >
      <Field label="Credits to withdraw" htmlFor="payout-credits" hint={`Up to ${maxCredits} paid credits.`}>
        <Input id="payout-credits" name="credits" type="number" min={1} max={Math.max(1, maxCredits)} step={1} required />
      </Field>
      <Field label="Account holder's name" htmlFor="payout-name">
        <Input id="payout-name" name="name" required maxLength={100} autoComplete="name" />
      </Field>
      <Field label="Bank account number" htmlFor="payout-account" hint="9 to 18 digits.">
        <Input id="payout-account" name="account_number" required inputMode="numeric" pattern="[0-9]{9,18}" />
      </Field>
      <Field label="IFSC" htmlFor="payout-ifsc" hint="e.g. HDFC0001234">
        <Input id="payout-ifsc" name="ifsc" required pattern="[A-Za-z]{4}0[A-Za-z0-9]{6}" maxLength={11} />
      </Field>
      <div className="sm:col-span-2 flex items-center gap-3">
        <Button type="submit" disabled={busy}>
          {busy ? "Requesting…" : "Request payout"}
        </Button>
        {error ? (
          <span role="alert" className="text-sm text-red-700">
            {error}
          </span>
        ) : null}
        {done ? (
          <span role="status" className="text-sm text-green-700">
            {done}
          </span>
        ) : null}
      </div>
    </form>
  );
}
