import clsx from "clsx";
import type { ReactNode } from "react";

/** A banner for notices on a page: info, success, warning, danger. Role "status" for polite, "alert" for danger. */
export function Notice({
  tone = "info",
  title,
  children,
  actions,
  className,
  testId,
}: {
  tone?: "info" | "success" | "warning" | "danger";
  title?: string;
  children?: ReactNode;
  actions?: ReactNode;
  className?: string;
  testId?: string;
}) {
  return (
    <div
      role={tone === "danger" ? "alert" : "status"}
      data-testid={testId}
      className={clsx(
        "flex flex-col gap-3 rounded-lg border px-4 py-3 text-sm sm:flex-row sm:items-center sm:justify-between",
        tone === "info" && "border-brand-100 bg-brand-50 text-brand-800",
        tone === "success" && "border-green-200 bg-green-50 text-green-900",
        tone === "warning" && "border-amber-200 bg-amber-50 text-amber-900",
        tone === "danger" && "border-red-200 bg-red-50 text-red-900",
        className,
      )}
    >
      <div className="min-w-0">
        {title ? <p className="font-semibold">{title}</p> : null}
        {children ? <div className={clsx(title && "mt-0.5")}>{children}</div> : null}
      </div>
      {actions ? <div className="flex shrink-0 flex-wrap gap-2">{actions}</div> : null}
    </div>
  );
}

/** A labelled figure: "Credit balance / 12,500". */
export function Stat({ label, value, hint, testId }: { label: string; value: ReactNode; hint?: ReactNode; testId?: string }) {
  return (
    <div className="min-w-0">
      <p className="text-sm font-medium text-slate-600">{label}</p>
      <p className="mt-1 truncate text-2xl font-semibold tracking-tight text-slate-900 tabular-nums" data-testid={testId}>
        {value}
      </p>
      {hint ? <div className="mt-1 text-sm text-slate-600">{hint}</div> : null}
    </div>
  );
}

/** A grey placeholder block with the size of what will replace it (no layout shift). */
export function Skeleton({ className }: { className?: string }) {
  return <div aria-hidden="true" className={clsx("animate-pulse rounded-md bg-slate-200/80", className)} />;
}

export const th = "whitespace-nowrap px-4 py-3 text-left text-xs font-semibold uppercase tracking-wide text-slate-600";
export const td = "whitespace-nowrap px-4 py-3 text-slate-900";

/** A usage bar (0–100 %), with a text equivalent for screen readers. */
export function Meter({ value, max, label }: { value: bigint; max: bigint; label: string }) {
  const pct = max <= 0n ? 100 : Number((value * 1000n) / max) / 10;
  const clamped = Math.min(100, Math.max(0, pct));
  return (
    <div>
      <div
        role="meter"
        aria-label={label}
        aria-valuemin={0}
        aria-valuemax={100}
        aria-valuenow={Math.round(clamped)}
        aria-valuetext={`${clamped.toFixed(1)}% used`}
        className="h-2 w-full overflow-hidden rounded-full bg-slate-200"
      >
        <div
          className={clsx("h-full rounded-full", clamped >= 90 ? "bg-red-600" : clamped >= 75 ? "bg-amber-500" : "bg-brand-600")}
          style={{ width: `${clamped}%` }}
        />
      </div>
    </div>
  );
}

/** Generic page skeleton for loading.tsx files: header, a row of cards, a table. */
export function PageSkeleton({ label, cards = 0 }: { label: string; cards?: number }) {
  return (
    <div aria-busy="true" aria-label={label}>
      <Skeleton className="mb-2 h-8 w-48" />
      <Skeleton className="mb-6 h-4 w-80 max-w-full" />
      {cards > 0 ? (
        <div className="mb-6 grid gap-4 md:grid-cols-3">
          {Array.from({ length: cards }, (_, i) => (
            <Skeleton key={i} className="h-28" />
          ))}
        </div>
      ) : null}
      <Skeleton className="h-80" />
    </div>
  );
}
