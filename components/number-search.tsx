import Link from "next/link";

/** A plain GET search box (works before any script runs): `?number=…` on the given page. */
export function NumberSearch({ action, label, placeholder, value }: { action: string; label: string; placeholder: string; value: string }) {
  return (
    <form role="search" aria-label="Search by number" method="get" action={action} className="mb-4 flex flex-wrap items-end gap-2">
      <div className="min-w-0 flex-1 sm:max-w-sm">
        <label htmlFor={`search-${action}`} className="mb-1 block text-sm font-medium text-slate-800">
          {label}
        </label>
        <input
          id={`search-${action}`}
          name="number"
          type="search"
          defaultValue={value}
          placeholder={placeholder}
          autoComplete="off"
          className="block min-h-10 w-full rounded-md border border-slate-300 bg-white px-3 py-2 text-sm text-slate-900 shadow-sm focus:border-brand-600"
        />
      </div>
      <button type="submit" className="inline-flex min-h-10 items-center rounded-md bg-brand-600 px-4 text-sm font-medium text-white hover:bg-brand-700">
        Search
      </button>
      {value ? (
        <Link href={action} className="inline-flex min-h-10 items-center rounded-md px-3 text-sm font-medium text-brand-700 hover:bg-brand-50">
          Show all
        </Link>
      ) : null}
    </form>
  );
}
