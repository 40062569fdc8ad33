"use client";

import { useRouter } from "next/navigation";
import { useState, useTransition } from "react";
import { apiFetch } from "@/components/api-client";
import { Notice } from "@/components/billing/primitives";
import { Button, Field, Input, Select } from "@/components/ui";
import { billingProfileSchema, type BillingProfileFormValues } from "@/lib/billing-profile/billing-profile-schema";
import { validateGstin } from "@/lib/gst/gstin";
import { getState, SELECTABLE_GST_STATES } from "@/lib/gst/states";

type Values = {
  legal_name: string;
  address_line1: string;
  address_line2: string;
  city: string;
  postal_code: string;
  state_code: string;
  phone: string;
  email: string;
  gstin: string;
};
type FieldName = keyof Values;

export const EMPTY_PROFILE: Values = {
  legal_name: "",
  address_line1: "",
  address_line2: "",
  city: "",
  postal_code: "",
  state_code: "",
  phone: "",
  email: "",
  gstin: "",
};

/** Live feedback on a GSTIN as it is typed (the same checks the shared schema runs on save). */
function gstinFeedback(gstin: string, stateCode: string): { tone: "ok" | "error" | "hint"; text: string } {
  const value = gstin.trim().toUpperCase();
  if (value === "") return { tone: "hint", text: "Optional. Add it to claim input tax credit; leave empty if you are not GST-registered." };
  if (value.length < 15) return { tone: "hint", text: `${value.length} of 15 characters.` };
  const result = validateGstin(value);
  if (!result.ok) {
    return {
      tone: "error",
      text:
        result.reason === "checksum"
          ? "The check character (last letter) doesn't match: check the number for a typo."
          : result.reason === "state_code"
            ? "GSTIN starts with an unknown state code."
            : "GSTIN must be 15 characters: 2-digit state code, 10-character PAN, entity number, Z and a check character.",
    };
  }
  const state = getState(result.stateCode);
  if (stateCode && stateCode !== result.stateCode) {
    return {
      tone: "error",
      text: `This GSTIN is registered in ${state?.name ?? result.stateCode} (${result.stateCode}), but the billing state is ${getState(stateCode)?.name ?? stateCode}. Change the state or the GSTIN.`,
    };
  }
  return { tone: "ok", text: `Valid GSTIN · ${state?.name ?? result.stateCode} (${result.stateCode}) · PAN ${result.pan}` };
}

export function BillingProfileForm({ initial, canEdit, next }: { initial: Values; canEdit: boolean; next: string | null }) {
  const router = useRouter();
  const [values, setValues] = useState<Values>(initial);
  const [errors, setErrors] = useState<Partial<Record<FieldName, string>>>({});
  const [busy, setBusy] = useState(false);
  const [message, setMessage] = useState<{ tone: "success" | "danger"; text: string } | null>(null);
  const [, startTransition] = useTransition();
  const gst = gstinFeedback(values.gstin, values.state_code);

  function set(name: FieldName, value: string) {
    setValues((v) => {
      const nextValues = { ...v, [name]: value };
      // A valid GSTIN names its state: fill the state when it is still empty.
      if (name === "gstin" && !v.state_code) {
        const r = validateGstin(value);
        if (r.ok && getState(r.stateCode)) nextValues.state_code = r.stateCode;
      }
      return nextValues;
    });
    if (errors[name]) setErrors((e) => ({ ...e, [name]: undefined }));
  }

  async function save() {
    const input: BillingProfileFormValues = { ...values, address_line2: values.address_line2 || null, gstin: values.gstin || null };
    const parsed = billingProfileSchema.safeParse(input);
    if (!parsed.success) {
      const found: Partial<Record<FieldName, string>> = {};
      for (const issue of parsed.error.issues) {
        const key = issue.path[0] as FieldName | undefined;
        if (key && !found[key]) found[key] = issue.message;
      }
      setErrors(found);
      setMessage({ tone: "danger", text: "Check the highlighted fields." });
      const first = Object.keys(found)[0];
      if (first) document.getElementById(`bp-${first}`)?.focus();
      return;
    }
    setErrors({});
    setMessage(null);
    setBusy(true);
    const result = await apiFetch<{ complete: boolean }>("/api/v1/account/billing-profile", { method: "PUT", body: parsed.data });
    setBusy(false);
    if (!result.ok) {
      const field = result.error.details?.field;
      if (typeof field === "string" && field in EMPTY_PROFILE) setErrors({ [field as FieldName]: result.error.message });
      return setMessage({ tone: "danger", text: result.error.message });
    }
    setMessage({ tone: "success", text: "Billing profile saved. New invoices will use these details; issued invoices never change." });
    startTransition(() => {
      if (next) router.push(next);
      else router.refresh();
    });
  }

  const field = (name: FieldName, label: string, props: React.InputHTMLAttributes<HTMLInputElement> = {}, hint?: string) => (
    <Field label={label} htmlFor={`bp-${name}`} error={errors[name]} hint={hint}>
      <Input
        id={`bp-${name}`}
        name={name}
        value={values[name]}
        disabled={!canEdit}
        aria-invalid={errors[name] ? true : undefined}
        aria-describedby={errors[name] ? `bp-${name}-error` : undefined}
        onChange={(e) => set(name, e.target.value)}
        {...props}
      />
    </Field>
  );

  return (
    <form
      noValidate
      className="space-y-6"
      onSubmit={(e) => {
        e.preventDefault();
        if (canEdit) void save();
      }}
    >
      <fieldset className="grid gap-4 sm:grid-cols-2" disabled={!canEdit}>
        <legend className="mb-3 text-sm font-semibold text-slate-900">Business</legend>
        <div className="sm:col-span-2">{field("legal_name", "Legal name", { autoComplete: "organization" }, "As registered for GST (or your name, if not registered).")}</div>
        <div className="sm:col-span-2">
          <Field label="GSTIN (optional)" htmlFor="bp-gstin" error={errors.gstin}>
            <Input
              id="bp-gstin"
              name="gstin"
              value={values.gstin}
              maxLength={15}
              autoComplete="off"
              spellCheck={false}
              className="font-mono uppercase tracking-wide"
              placeholder="27AAPFU0939F1ZV"
              disabled={!canEdit}
              aria-invalid={errors.gstin || gst.tone === "error" ? true : undefined}
              aria-describedby="bp-gstin-feedback"
              onChange={(e) => set("gstin", e.target.value.toUpperCase())}
            />
            {!errors.gstin ? (
              <p
                id="bp-gstin-feedback"
                aria-live="polite"
                data-testid="gstin-feedback"
                className={gst.tone === "ok" ? "text-xs font-medium text-green-800" : gst.tone === "error" ? "text-xs font-medium text-red-700" : "text-xs text-slate-600"}
              >
                {gst.tone === "ok" ? "✓ " : null}
                {gst.text}
              </p>
            ) : null}
          </Field>
        </div>
      </fieldset>
      <fieldset className="grid gap-4 sm:grid-cols-2" disabled={!canEdit}>
        <legend className="mb-3 text-sm font-semibold text-slate-900">Billing address</legend>
        <div className="sm:col-span-2">{field("address_line1", "Address", { autoComplete: "address-line1" })}</div>
        <div className="sm:col-span-2">{field("address_line2", "Address line 2 (optional)", { autoComplete: "address-line2" })}</div>
        {field("city", "City", { autoComplete: "address-level2" })}
        {field("postal_code", "PIN code", { autoComplete: "postal-code", inputMode: "numeric", maxLength: 6 })}
        <div className="sm:col-span-2">
          <Field label="State / union territory" htmlFor="bp-state_code" error={errors.state_code} hint="Your place of supply: same state as ours → CGST + SGST, otherwise IGST.">
            <Select
              id="bp-state_code"
              name="state_code"
              value={values.state_code}
              disabled={!canEdit}
              aria-invalid={errors.state_code ? true : undefined}
              onChange={(e) => set("state_code", e.target.value)}
            >
              <option value="">Choose a state…</option>
              {SELECTABLE_GST_STATES.map((s) => (
                <option key={s.code} value={s.code}>
                  {s.name} ({s.code})
                </option>
              ))}
            </Select>
          </Field>
        </div>
      </fieldset>
      <fieldset className="grid gap-4 sm:grid-cols-2" disabled={!canEdit}>
        <legend className="mb-3 text-sm font-semibold text-slate-900">Contact for invoices</legend>
        {field("email", "Billing email", { type: "email", autoComplete: "email" })}
        {field("phone", "Phone", { type: "tel", autoComplete: "tel", inputMode: "tel" }, "10 digits; +91 optional.")}
      </fieldset>
      {message ? <Notice tone={message.tone}>{message.text}</Notice> : null}
      {canEdit ? (
        <div className="flex flex-wrap gap-2 border-t border-slate-100 pt-4">
          <Button type="submit" disabled={busy}>
            {busy ? "Saving…" : "Save billing profile"}
          </Button>
        </div>
      ) : null}
    </form>
  );
}
