"use client";

import * as DropdownMenu from "@radix-ui/react-dropdown-menu";
import { Check, ChevronsUpDown, Plus } from "lucide-react";
import { useRouter } from "next/navigation";
import { useState, useTransition } from "react";
import { apiFetch } from "@/components/api-client";
import { useHydrated } from "@/components/use-hydrated";

export interface SwitcherAccount {
  id: string;
  name: string;
  role: string;
}

export function AccountSwitcher({ accounts, activeId }: { accounts: SwitcherAccount[]; activeId: string | null }) {
  const router = useRouter();
  const [pending, startTransition] = useTransition();
  const [error, setError] = useState<string | null>(null);
  const hydrated = useHydrated();
  const active = accounts.find((a) => a.id === activeId);

  async function switchTo(id: string) {
    setError(null);
    const result = await apiFetch("/api/v1/account/switch", { method: "POST", body: { account_id: id } });
    if (!result.ok) return setError(result.error.message);
    startTransition(() => router.refresh());
  }

  async function createAccount() {
    const name = window.prompt("Name of the new company account");
    if (!name?.trim()) return;
    const result = await apiFetch("/api/v1/accounts", { method: "POST", body: { name: name.trim() } });
    if (!result.ok) return setError(result.error.message);
    startTransition(() => router.refresh());
  }

  return (
    <div className="relative min-w-0">
      <DropdownMenu.Root>
        <DropdownMenu.Trigger
          className="inline-flex min-h-10 max-w-full items-center gap-2 rounded-md sm:max-w-[14rem] border border-slate-300 bg-white px-3 py-1.5 text-sm font-medium hover:bg-slate-50"
          aria-label="Switch account"
          disabled={pending || !hydrated}
        >
          <span className="truncate" data-testid="active-account-name">
            {active?.name ?? "No account"}
          </span>
          <ChevronsUpDown aria-hidden className="h-4 w-4 shrink-0 text-slate-500" />
        </DropdownMenu.Trigger>
        <DropdownMenu.Portal>
          <DropdownMenu.Content align="start" sideOffset={6} className="z-50 min-w-[14rem] rounded-md border border-slate-200 bg-white p-1 shadow-lg">
            <DropdownMenu.Label className="px-2 py-1.5 text-xs font-medium uppercase tracking-wide text-slate-600">Accounts</DropdownMenu.Label>
            {accounts.map((a) => (
              <DropdownMenu.Item
                key={a.id}
                onSelect={() => void switchTo(a.id)}
                className="flex cursor-pointer items-center justify-between gap-3 rounded px-2 py-2 text-sm outline-none data-[highlighted]:bg-slate-100"
              >
                <span className="truncate">
                  {a.name} <span className="text-xs text-slate-600">({a.role})</span>
                </span>
                {a.id === activeId ? <Check aria-label="active" className="h-4 w-4 text-brand-700" /> : null}
              </DropdownMenu.Item>
            ))}
            <DropdownMenu.Separator className="my-1 h-px bg-slate-200" />
            <DropdownMenu.Item
              onSelect={() => void createAccount()}
              className="flex cursor-pointer items-center gap-2 rounded px-2 py-2 text-sm outline-none data-[highlighted]:bg-slate-100"
            >
              <Plus aria-hidden className="h-4 w-4" /> New account
            </DropdownMenu.Item>
          </DropdownMenu.Content>
        </DropdownMenu.Portal>
      </DropdownMenu.Root>
      {error ? (
        <p role="alert" className="absolute mt-1 text-xs text-red-700">
          {error}
        </p>
      ) : null}
    </div>
  );
}
