"use client";

import { useRouter } from "next/navigation";
import { useState, useTransition } from "react";
import { apiFetch } from "@/components/api-client";
import { Notice } from "@/components/billing/primitives";
import { Button, Field, Input, Select } from "@/components/ui";

const MODES = ["Cash", "Cheque", "DD", "Card", "Bank", "Online"] as const;

/** "5000" or "4999.50" rupees → paise; null when it is not a whole number of paise. */
function rupeesToPaise(value: string): number | null {
  const m = /^(\d{1,12})(?:\.(\d{1,2}))?$/.exec(value.trim());
  return m ? Number(m[1]) * 100 + Number((m[2] ?? "").padEnd(2, "0")) : null;
}

interface AccountMatch {
  account_id: string;
  name: string;
  legal_name: string | null;
  gstin: string | null;
  billing_email: string | null;
}

/** The operator's form: record a payment received outside Cashfree (credits or a plan month) for an account. */
export function RecordPaymentForm({ today, plans }: { today: string; plans: { id: string; label: string }[] }) {
  const router = useRouter();
  const [accountId, setAccountId] = useState("");
  const [search, setSearch] = useState("");
  const [matches, setMatches] = useState<AccountMatch[] | null>(null);
  const [rupees, setRupees] = useState("");
  const [mode, setMode] = useState<string>("Cheque");
  const [date, setDate] = useState(today);
  const [reference, setReference] = useState("");
  const [plan, setPlan] = useState("");
  const [busy, setBusy] = useState(false);
  // One key per payment being entered: a double click or a retry after a lost answer records it once.
  const [idempotencyKey, setIdempotencyKey] = useState(() => crypto.randomUUID());
  const [message, setMessage] = useState<{ tone: "success" | "danger"; text: string } | null>(null);
  const [, startTransition] = useTransition();

  async function findAccounts() {
    const result = await apiFetch<{ accounts: AccountMatch[] }>(`/api/v1/offline-payments/accounts?q=${encodeURIComponent(search)}`);
    if (!result.ok) return setMessage({ tone: "danger", text: result.error.message });
    setMessage(null);
    setMatches(result.data.accounts);
  }

  async function record() {
    const amountPaise = rupeesToPaise(rupees);
    if (amountPaise === null) return setMessage({ tone: "danger", text: "Amount: rupees, e.g. 5000 or 4999.50." });
    setBusy(true);
    setMessage(null);
    const result = await apiFetch<{ result: string; receipt_number: string; invoice_number: string }>("/api/v1/offline-payments", {
      method: "POST",
      idempotencyKey,
      body: {
        account_id: accountId.trim(),
        amount_paise: amountPaise,
        mode,
        payment_date: date,
        ...(reference.trim() ? { reference: reference.trim() } : {}),
        ...(plan ? { pays_for: "plan", plan } : { pays_for: "credit_topup" }),
      },
    });
    setBusy(false);
    if (!result.ok) {
      // An answer was received (nothing recorded): the corrected form is a new request. A network error keeps the key.
      if (result.error.status !== 0) setIdempotencyKey(crypto.randomUUID());
      return setMessage({ tone: "danger", text: result.error.message });
    }
    setMessage({ tone: "success", text: `Recorded: receipt ${result.data.receipt_number}, invoice ${result.data.invoice_number}.` });
    setRupees("");
    setReference("");
    setIdempotencyKey(crypto.randomUUID());
    startTransition(() => router.refresh());
  }

  return (
    <form
      noValidate
      className="grid gap-4 sm:grid-cols-3"
      onSubmit={(e) => {
        e.preventDefault();
        void record();
      }}
    >
      <div className="sm:col-span-3 flex flex-wrap items-end gap-2">
        <Field label="Find the account (name, email or GSTIN)" htmlFor="op-search">
          <Input
            id="op-search"
            value={search}
            onChange={(e) => setSearch(e.target.value)}
            onKeyDown={(e) => {
              if (e.key === "Enter") {
                e.preventDefault();
                void findAccounts();
              }
            }}
          />
        </Field>
        <Button type="button" variant="secondary" onClick={() => void findAccounts()}>
          Search
        </Button>
        {matches ? (
          <ul className="w-full space-y-1 text-sm" aria-label="Matching accounts">
            {matches.length === 0 ? <li className="text-slate-600">No account matches.</li> : null}
            {matches.map((m) => (
              <li key={m.account_id}>
                <button type="button" className="text-brand-700 underline" onClick={() => setAccountId(m.account_id)}>
                  {m.name}
                  {m.legal_name ? ` — ${m.legal_name}` : ""}
                  {m.gstin ? ` (GSTIN ${m.gstin})` : ""}
                  {m.billing_email ? ` · ${m.billing_email}` : ""}
                </button>
              </li>
            ))}
          </ul>
        ) : null}
      </div>
      <Field label="Account id" htmlFor="op-account">
        <Input id="op-account" value={accountId} onChange={(e) => setAccountId(e.target.value)} placeholder="acc_…" required />
      </Field>
      <Field label="Amount (₹, GST-inclusive)" htmlFor="op-amount">
        <Input id="op-amount" inputMode="decimal" value={rupees} onChange={(e) => setRupees(e.target.value)} required />
      </Field>
      <Field label="Mode" htmlFor="op-mode">
        <Select id="op-mode" value={mode} onChange={(e) => setMode(e.target.value)}>
          {MODES.map((m) => (
            <option key={m} value={m}>
              {m}
            </option>
          ))}
        </Select>
      </Field>
      <Field label="Payment date (IST)" htmlFor="op-date">
        <Input id="op-date" type="date" max={today} value={date} onChange={(e) => setDate(e.target.value)} />
      </Field>
      <Field label="Reference (UTR, cheque number and bank…)" htmlFor="op-ref">
        <Input id="op-ref" maxLength={255} value={reference} onChange={(e) => setReference(e.target.value)} />
      </Field>
      <Field label="Pays for" htmlFor="op-plan">
        <Select id="op-plan" value={plan} onChange={(e) => setPlan(e.target.value)}>
          <option value="">Credits (₹1 each)</option>
          {plans.map((p) => (
            <option key={p.id} value={p.id}>
              {p.label}
            </option>
          ))}
        </Select>
      </Field>
      <div className="sm:col-span-3">
        <Button type="submit" disabled={busy}>
          {busy ? "Recording…" : "Record payment"}
        </Button>
      </div>
      {message ? (
        <div className="sm:col-span-3">
          <Notice tone={message.tone}>{message.text}</Notice>
        </div>
      ) : null}
    </form>
  );
}
