"use client";

import clsx from "clsx";
import type { ButtonHTMLAttributes, SelectHTMLAttributes } from "react";
import { useHydrated } from "@/components/use-hydrated";

// Until React has hydrated the page, a click or a change would be lost (or a form would submit natively), so
// controls stay disabled, without the dimmed look, until then.

export function Button({
  variant = "primary",
  className,
  disabled,
  ...props
}: ButtonHTMLAttributes<HTMLButtonElement> & { variant?: "primary" | "secondary" | "danger" | "ghost" }) {
  const hydrated = useHydrated();
  return (
    <button
      className={clsx(
        "inline-flex min-h-10 items-center justify-center gap-2 rounded-md px-4 py-2 text-sm font-medium transition",
        hydrated && "disabled:cursor-not-allowed disabled:opacity-60",
        variant === "primary" && "bg-brand-600 text-white hover:bg-brand-700",
        variant === "secondary" && "border border-slate-300 bg-white text-slate-900 hover:bg-slate-100",
        variant === "danger" && "border border-red-300 bg-white text-red-700 hover:bg-red-50",
        variant === "ghost" && "text-slate-700 hover:bg-slate-100",
        className,
      )}
      disabled={disabled || !hydrated}
      {...props}
    />
  );
}

export function Select({ className, disabled, ...props }: SelectHTMLAttributes<HTMLSelectElement>) {
  const hydrated = useHydrated();
  return (
    <select
      className={clsx("block min-h-10 w-full rounded-md border border-slate-300 bg-white px-3 py-2 text-sm shadow-sm", className)}
      disabled={disabled || !hydrated}
      {...props}
    />
  );
}
