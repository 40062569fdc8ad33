"use client";

import { usePathname, useRouter } from "next/navigation";
import { useState, useTransition } from "react";
import { formatAppDate, parseAppDate } from "@/components/billing/app-date";
import { PAYMENT_STATUS_OPTIONS } from "@/components/billing/status-badge";
import { Button, Field, Input, Select } from "@/components/ui";

export interface PaymentFilterValues {
  status: string;
  type: string;
  amountOp: string;
  amountValue: string;
  paid_from: string;
  paid_upto: string;
  sort: string;
  /** An order id or invoice number. */
  number: string;
}

const SORTS = [
  { value: "created_at:desc", label: "Newest first" },
  { value: "created_at:asc", label: "Oldest first" },
  { value: "amount:desc", label: "Amount: high to low" },
  { value: "amount:asc", label: "Amount: low to high" },
  { value: "paid_at:desc", label: "Recently paid" },
];

/**
 * Filters live in the URL (?status=paid&amount=>=1000…): shareable, reload-proof, and the back button works. Below
 * the `sm` breakpoint they fold behind a "Filters" button so they do not fill the first screen. Dates are typed as
 * the app writes them ("02 Dec 2026").
 */
export function PaymentFilters({ initial }: { initial: PaymentFilterValues }) {
  const router = useRouter();
  const pathname = usePathname();
  const [values, setValues] = useState({ ...initial, paid_from: formatAppDate(initial.paid_from), paid_upto: formatAppDate(initial.paid_upto) });
  const [open, setOpen] = useState(false);
  const [dateError, setDateError] = useState<string | null>(null);
  const [pending, startTransition] = useTransition();
  const set = (k: keyof PaymentFilterValues, v: string) => setValues((s) => ({ ...s, [k]: v }));

  function apply(typed: PaymentFilterValues) {
    const from = parseAppDate(typed.paid_from);
    const upto = parseAppDate(typed.paid_upto);
    if (from === null || upto === null) return setDateError("Write dates like 02 Dec 2026.");
    setDateError(null);
    const next = { ...typed, paid_from: from, paid_upto: upto };
    const q = new URLSearchParams();
    if (next.number.trim()) q.set("number", next.number.trim());
    if (next.status) q.set("status", next.status);
    if (next.type) q.set("type", next.type);
    const amount = next.amountValue.trim().replaceAll(",", "").replace(/^₹\s*/, "");
    if (amount) q.set("amount", `${next.amountOp === "=" ? "" : next.amountOp}${amount}`);
    if (next.paid_from) q.set("paid_from", next.paid_from);
    if (next.paid_upto) q.set("paid_upto", next.paid_upto);
    if (next.sort && next.sort !== "created_at:desc") {
      const [sort, order] = next.sort.split(":");
      q.set("sort", sort!);
      q.set("order", order!);
    }
    const qs = q.toString();
    startTransition(() => router.push(qs ? `${pathname}?${qs}` : pathname));
  }

  const empty: PaymentFilterValues = { status: "", type: "", amountOp: ">=", amountValue: "", paid_from: "", paid_upto: "", sort: "created_at:desc", number: "" };
  const active = JSON.stringify({ ...initial, amountOp: "" }) !== JSON.stringify({ ...empty, amountOp: "" });
  const activeCount = (["status", "type", "amountValue", "paid_from", "paid_upto", "number"] as const).filter((k) => initial[k] !== "").length;

  return (
    <form
      role="search"
      aria-label="Filter payments"
      className="mb-4 rounded-lg border border-slate-200 bg-white p-4 shadow-sm"
      onSubmit={(e) => {
        e.preventDefault();
        apply(values);
      }}
    >
      <div className="flex items-end gap-2">
        <div className="min-w-0 flex-1">
          <Field label="Order or invoice number" htmlFor="f-number">
            <Input id="f-number" type="search" autoComplete="off" placeholder="cm_… or KH-2627-000001" value={values.number} onChange={(e) => set("number", e.target.value)} />
          </Field>
        </div>
        <Button type="submit" variant="secondary" disabled={pending}>
          Search
        </Button>
      </div>
      <button
        type="button"
        className="mt-3 inline-flex min-h-10 items-center gap-1 rounded-md px-2 text-sm font-medium text-brand-700 hover:bg-brand-50 sm:hidden"
        aria-expanded={open}
        aria-controls="payment-filter-fields"
        onClick={() => setOpen((o) => !o)}
      >
        {open ? "Hide filters" : `Filters${activeCount ? ` (${activeCount} active)` : ""}`}
      </button>
      <div id="payment-filter-fields" className={`mt-3 gap-3 sm:grid sm:grid-cols-2 lg:grid-cols-[repeat(3,minmax(0,1fr))_minmax(0,1.4fr)] ${open ? "grid" : "hidden"}`}>
        <Field label="Status" htmlFor="f-status">
          <Select id="f-status" value={values.status} onChange={(e) => set("status", e.target.value)}>
            <option value="">All statuses</option>
            {PAYMENT_STATUS_OPTIONS.map((o) => (
              <option key={o.value} value={o.value}>
                {o.label}
              </option>
            ))}
          </Select>
        </Field>
        <Field label="Type" htmlFor="f-type">
          <Select id="f-type" value={values.type} onChange={(e) => set("type", e.target.value)}>
            <option value="">All types</option>
            <option value="credit_topup">Credit top-up</option>
            <option value="plan_upgrade">Plan upgrade</option>
          </Select>
        </Field>
        <Field label="Sort" htmlFor="f-sort">
          <Select id="f-sort" value={values.sort} onChange={(e) => set("sort", e.target.value)}>
            {SORTS.map((s) => (
              <option key={s.value} value={s.value}>
                {s.label}
              </option>
            ))}
          </Select>
        </Field>
        <fieldset className="min-w-0">
          <legend className="mb-1 block text-sm font-medium text-slate-800">Amount (₹)</legend>
          <div className="flex gap-2">
            <label htmlFor="f-amount-op" className="sr-only">
              Amount comparison
            </label>
            <div className="w-20 shrink-0">
            <Select id="f-amount-op" value={values.amountOp} onChange={(e) => set("amountOp", e.target.value)}>
              <option value=">=">≥</option>
              <option value=">">&gt;</option>
              <option value="=">=</option>
              <option value="<=">≤</option>
              <option value="<">&lt;</option>
            </Select>
            </div>
            <label htmlFor="f-amount" className="sr-only">
              Amount in rupees
            </label>
            <div className="min-w-0 flex-1">
              <Input id="f-amount" inputMode="decimal" placeholder="1000" value={values.amountValue} onChange={(e) => set("amountValue", e.target.value)} />
            </div>
          </div>
        </fieldset>
        <Field label="Paid from" htmlFor="f-from">
          <Input id="f-from" inputMode="text" autoComplete="off" placeholder="02 Dec 2026" value={values.paid_from} onChange={(e) => set("paid_from", e.target.value)} />
        </Field>
        <Field label="Paid up to" htmlFor="f-upto">
          <Input id="f-upto" inputMode="text" autoComplete="off" placeholder="02 Dec 2026" value={values.paid_upto} onChange={(e) => set("paid_upto", e.target.value)} />
        </Field>
        {dateError ? (
          <p role="alert" className="text-sm text-red-700 sm:col-span-2">
            {dateError}
          </p>
        ) : null}
        <div className="flex items-end gap-2 sm:col-span-2 lg:col-span-2">
          <Button type="submit" disabled={pending}>
            {pending ? "Applying…" : "Apply filters"}
          </Button>
          {active ? (
            <Button
              type="button"
              variant="ghost"
              disabled={pending}
              onClick={() => {
                setValues(empty);
                apply(empty);
              }}
            >
              Clear
            </Button>
          ) : null}
        </div>
      </div>
    </form>
  );
}
