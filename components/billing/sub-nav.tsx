"use client";

import clsx from "clsx";
import Link from "next/link";
import { usePathname } from "next/navigation";

export interface SubNavItem {
  href: string;
  label: string;
}

/** Secondary navigation inside a section (Billing → Overview, Top up, Plans, Budget, Coupons). */
export function SubNav({ items, label }: { items: SubNavItem[]; label: string }) {
  const pathname = usePathname();
  return (
    <nav aria-label={label} className="relative -mx-4 mb-6 overflow-x-auto border-b border-slate-200 px-4">
      <ul className="flex gap-5">
        {items.map((item) => {
          const active = item.href === items[0]?.href ? pathname === item.href : pathname === item.href || pathname.startsWith(`${item.href}/`);
          return (
            <li key={item.href}>
              <Link
                href={item.href}
                aria-current={active ? "page" : undefined}
                className={clsx(
                  "-mb-px inline-block whitespace-nowrap border-b-2 py-3 text-sm font-medium",
                  active ? "border-brand-600 text-brand-800" : "border-transparent text-slate-600 hover:border-slate-300 hover:text-slate-900",
                )}
              >
                {item.label}
              </Link>
            </li>
          );
        })}
      </ul>
    </nav>
  );
}
