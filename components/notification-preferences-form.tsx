"use client";

import { useState } from "react";
import { apiFetch } from "@/components/api-client";
import { Notice } from "@/components/billing/primitives";
import { Button } from "@/components/ui";

export interface PreferenceRow {
  kind: string;
  label: string;
  mustGo: boolean;
  enabled: boolean;
}

/** Checkboxes per notification kind; must-go kinds are shown checked and disabled. Saves with PUT. */
export function NotificationPreferencesForm({ initial }: { initial: PreferenceRow[] }) {
  const [rows, setRows] = useState(initial);
  const [busy, setBusy] = useState(false);
  const [message, setMessage] = useState<{ tone: "success" | "danger"; text: string } | null>(null);

  async function save() {
    setMessage(null);
    setBusy(true);
    const preferences = Object.fromEntries(rows.filter((r) => !r.mustGo).map((r) => [r.kind, r.enabled]));
    const result = await apiFetch<{ preferences: { kind: string; label: string; must_go: boolean; enabled: boolean }[] }>("/api/v1/account/notification-preferences", {
      method: "PUT",
      body: { preferences },
    });
    setBusy(false);
    if (!result.ok) return setMessage({ tone: "danger", text: "Your choices could not be saved. Try again in a moment." });
    setRows(result.data.preferences.map((p) => ({ kind: p.kind, label: p.label, mustGo: p.must_go, enabled: p.enabled })));
    setMessage({ tone: "success", text: "Saved. Mails follow your choices from now on." });
  }

  return (
    <form
      className="space-y-4"
      onSubmit={(e) => {
        e.preventDefault();
        void save();
      }}
    >
      <fieldset>
        <legend className="sr-only">Notification mails</legend>
        <ul className="divide-y divide-slate-100">
          {rows.map((row) => (
            <li key={row.kind} className="flex items-start gap-3 py-2">
              <input
                id={`pref-${row.kind}`}
                type="checkbox"
                className="mt-1 h-4 w-4 shrink-0 accent-brand-600"
                checked={row.enabled}
                disabled={row.mustGo}
                onChange={(e) => {
                  setMessage(null);
                  setRows((all) => all.map((r) => (r.kind === row.kind ? { ...r, enabled: e.target.checked } : r)));
                }}
              />
              <label htmlFor={`pref-${row.kind}`} className="text-sm text-slate-900">
                {row.label}
                {row.mustGo ? <span className="ml-2 text-xs text-slate-600">(always sent)</span> : null}
              </label>
            </li>
          ))}
        </ul>
      </fieldset>
      <Button type="submit" disabled={busy}>
        {busy ? "Saving…" : "Save choices"}
      </Button>
      {message ? <Notice tone={message.tone}>{message.text}</Notice> : null}
    </form>
  );
}
