"use client";

import { useRouter } from "next/navigation";
import { useId, useState, useTransition } from "react";
import { apiFetch } from "@/components/api-client";
import { Notice } from "@/components/billing/primitives";
import { Button, Field, Input } from "@/components/ui";
import { createPayInSchema } from "@/lib/payins/schemas";

interface CreatedLink {
  payment_id: string;
  link_url: string;
  amount: number;
  expires_at: string;
  payer: { name: string };
}

type FieldName = "amount" | "name" | "email" | "phone" | "reference";

/** Where a zod issue path of the pay-in body shows in this form. */
function fieldOf(path: readonly PropertyKey[]): FieldName | null {
  const [first, second] = path.map(String);
  if (first === "payer" && (second === "name" || second === "email" || second === "phone")) return second;
  if (first === "amount" || first === "reference") return first;
  return null;
}

/**
 * Owner/admin: a payment link for someone else to pay (a finance team, a customer's customer). The link is
 * shown with a copy button; once paid, the credits arrive like any top-up and the payment shows in the history.
 */
export function PaymentLinkForm() {
  const router = useRouter();
  const id = useId();
  const [values, setValues] = useState<Record<FieldName, string>>({ amount: "", name: "", email: "", phone: "", reference: "" });
  const [errors, setErrors] = useState<Partial<Record<FieldName, string>>>({});
  const [busy, setBusy] = useState(false);
  const [failure, setFailure] = useState<string | null>(null);
  const [created, setCreated] = useState<CreatedLink | null>(null);
  const [copied, setCopied] = useState(false);
  const [idempotencyKey, setIdempotencyKey] = useState(() => crypto.randomUUID());
  const [, startTransition] = useTransition();

  async function submit() {
    const body = {
      amount: values.amount.trim() === "" ? undefined : Number(values.amount),
      payer: { name: values.name, phone: values.phone.replace(/[\s-]/g, ""), ...(values.email.trim() ? { email: values.email.trim() } : {}) },
      ...(values.reference.trim() ? { reference: values.reference.trim() } : {}),
    };
    const parsed = createPayInSchema.safeParse(body);
    if (!parsed.success) {
      const next: Partial<Record<FieldName, string>> = {};
      for (const issue of parsed.error.issues) {
        const field = fieldOf(issue.path);
        if (field && !next[field]) next[field] = issue.message;
      }
      return setErrors(next);
    }
    setErrors({});
    setFailure(null);
    setBusy(true);
    const response = await apiFetch<CreatedLink>("/api/v1/payments", { method: "POST", body: parsed.data, idempotencyKey });
    setBusy(false);
    if (!response.ok) {
      if (response.error.code === "duplicate_order_id") return setErrors({ reference: "You already used this reference for another payment link." });
      return setFailure(response.error.message);
    }
    setCreated(response.data);
    setCopied(false);
    setIdempotencyKey(crypto.randomUUID());
    setValues({ amount: "", name: "", email: "", phone: "", reference: "" });
    startTransition(() => router.refresh());
  }

  const input = (name: FieldName, label: string, props: { type?: string; inputMode?: "numeric" | "tel" | "email"; placeholder?: string; hint?: string }) => (
    <Field label={label} htmlFor={`${id}-${name}`} error={errors[name]} hint={props.hint}>
      <Input
        id={`${id}-${name}`}
        name={name}
        type={props.type ?? "text"}
        inputMode={props.inputMode}
        placeholder={props.placeholder}
        value={values[name]}
        aria-invalid={errors[name] ? true : undefined}
        aria-describedby={errors[name] ? `${id}-${name}-error` : undefined}
        onChange={(e) => setValues((v) => ({ ...v, [name]: e.target.value }))}
      />
    </Field>
  );

  return (
    <form
      noValidate
      aria-label="Create a payment link"
      className="space-y-4"
      onSubmit={(e) => {
        e.preventDefault();
        void submit();
      }}
    >
      <div className="grid gap-4 sm:grid-cols-2 lg:grid-cols-3">
        {input("amount", "Amount (₹ = credits)", { inputMode: "numeric", placeholder: "5000" })}
        {input("name", "Payer name", { placeholder: "Jane Smith" })}
        {input("phone", "Payer mobile", { type: "tel", inputMode: "tel", placeholder: "9876543210" })}
        {input("email", "Payer email (optional)", { type: "email", inputMode: "email" })}
        {input("reference", "Your reference (optional)", { placeholder: "PO-2026-001", hint: "Unique per account: a reused one is refused." })}
      </div>
      <Button type="submit" disabled={busy}>
        {busy ? "Creating…" : "Create payment link"}
      </Button>
      <div aria-live="polite">
        {failure ? (
          <Notice tone="danger" title="Couldn't create the payment link">
            {failure}
          </Notice>
        ) : null}
        {created ? (
          <Notice tone="success" title="Payment link ready" testId="payment-link-result">
            <span>
              Send this link to {created.payer.name}: ₹{created.amount.toLocaleString("en-IN")} until{" "}
              {new Date(created.expires_at).toLocaleString("en-IN", { timeZone: "Asia/Kolkata", dateStyle: "medium", timeStyle: "short" })} IST.
            </span>
            <span className="mt-2 flex flex-wrap items-center gap-2">
              <a href={created.link_url} target="_blank" rel="noreferrer" className="break-all font-mono text-sm underline" data-testid="payment-link-url">
                {created.link_url}
              </a>
              <Button
                type="button"
                variant="secondary"
                onClick={() => {
                  void navigator.clipboard?.writeText(created.link_url).then(() => setCopied(true));
                }}
              >
                {copied ? "Copied" : "Copy link"}
              </Button>
            </span>
          </Notice>
        ) : null}
      </div>
    </form>
  );
}
