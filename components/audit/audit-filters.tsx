import { Button, Field, Input, Select } from "@/components/ui";
import { AUDIT_ACTIONS } from "@/lib/audit/audit-actions";

/** A plain GET form (works without JavaScript): the filters become the page's query string. */
export function AuditFilters({ values, showAccount, csvHref }: { values: Record<string, string | undefined>; showAccount: boolean; csvHref?: string }) {
  return (
    <form method="get" className="mb-4 grid gap-3 sm:grid-cols-3 lg:grid-cols-6" aria-label="Filter the audit log">
      {showAccount ? (
        <Field label="Account id" htmlFor="audit-account">
          <Input id="audit-account" name="account_id" defaultValue={values.account_id ?? ""} placeholder="acc_…" />
        </Field>
      ) : null}
      <Field label="Actor id" htmlFor="audit-actor">
        <Input id="audit-actor" name="actor_id" defaultValue={values.actor_id ?? ""} placeholder="usr_… or key_…" />
      </Field>
      <Field label="Action" htmlFor="audit-action">
        <Select id="audit-action" name="action" defaultValue={values.action ?? ""}>
          <option value="">Any</option>
          {AUDIT_ACTIONS.map((a) => (
            <option key={a} value={a}>
              {a}
            </option>
          ))}
        </Select>
      </Field>
      <Field label="From (IST)" htmlFor="audit-from">
        <Input id="audit-from" name="from" type="date" defaultValue={values.from ?? ""} />
      </Field>
      <Field label="To (IST)" htmlFor="audit-to">
        <Input id="audit-to" name="to" type="date" defaultValue={values.to ?? ""} />
      </Field>
      <div className="flex items-end gap-3">
        <Button type="submit">Search</Button>
        {csvHref ? (
          <a className="text-sm font-medium text-brand-700 underline" href={csvHref}>
            Export CSV
          </a>
        ) : null}
      </div>
    </form>
  );
}
