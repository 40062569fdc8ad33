"use client";

import { canAssignRole } from "@/lib/auth/policy";
import { useRouter } from "next/navigation";
import { useState, useTransition } from "react";
import { apiFetch, type ApiResult } from "@/components/api-client";
import { ConfirmDialog } from "@/components/confirm-dialog";
import { humanApiMessage } from "@/components/human-error";
import { Badge, Button, Card, Field, Input, Select } from "@/components/ui";
import { inviteMemberSchema } from "@/lib/accounts/schemas";

export interface TeamMember {
  userId: string;
  email: string;
  name: string;
  role: "owner" | "admin" | "member";
  /** The member's active personal API key (its prefix), if any. */
  personalKeyPrefix?: string | null;
}
export interface TeamInvitation {
  id: string;
  email: string;
  role: string;
}

const ROLE_OPTIONS = ["member", "admin", "owner"] as const;

export function TeamManager({
  members,
  invitations,
  canManage,
  actorRole,
  currentUserId,
  accountName,
}: {
  members: TeamMember[];
  invitations: TeamInvitation[];
  canManage: boolean;
  actorRole: "owner" | "admin" | "member";
  currentUserId: string;
  accountName: string;
}) {
  const router = useRouter();
  const [busy, setBusy] = useState<string | null>(null);
  const [message, setMessage] = useState<{ tone: "error" | "ok"; text: string } | null>(null);
  const [fieldError, setFieldError] = useState<string | null>(null);
  // An accept link is shown once, right after it was created; only its hash is stored.
  const [link, setLink] = useState<{ email: string; url: string } | null>(null);
  const [, startTransition] = useTransition();
  const [removing, setRemoving] = useState<TeamMember | null>(null);
  // Seed 001's tiers: owners manage any role; admins manage members only (the API refuses the rest anyway).
  const roleChoices = ROLE_OPTIONS.filter((r) => canAssignRole(actorRole, null, r));

  async function run<T>(key: string, call: () => Promise<ApiResult<T>>, success: string | ((data: T) => string)) {
    setBusy(key);
    setMessage(null);
    const result = await call();
    setBusy(null);
    if (!result.ok) return setMessage({ tone: "error", text: humanApiMessage(result.error, { role: "Role", email: "Email" }) });
    setMessage({ tone: "ok", text: typeof success === "string" ? success : success(result.data) });
    startTransition(() => router.refresh());
  }

  async function invite(form: HTMLFormElement) {
    const data = new FormData(form);
    const parsed = inviteMemberSchema.safeParse({ email: data.get("email"), role: data.get("role") });
    if (!parsed.success) return setFieldError(parsed.error.issues[0]?.message ?? "Check the email.");
    setFieldError(null);
    const { email, role } = parsed.data;
    setLink(null);
    await run(
      "invite",
      () => apiFetch<{ status: "invited" | "already_member"; accept_url?: string }>("/api/v1/account/members", { method: "POST", body: parsed.data }),
      ({ status, accept_url }) => {
        if (status !== "invited") return `${email} is already a member.`;
        if (accept_url) setLink({ email, url: accept_url });
        return `Invited ${email} as ${role}: they join when they accept the emailed link.`;
      },
    );
    form.reset();
  }

  async function reissueLink(invitation: TeamInvitation) {
    setLink(null);
    await run(
      `link-${invitation.id}`,
      () => apiFetch<{ accept_url: string }>(`/api/v1/account/invitations/${invitation.id}/link`, { method: "POST" }),
      ({ accept_url }) => {
        setLink({ email: invitation.email, url: accept_url });
        return `New invitation link for ${invitation.email}: the previous link no longer works.`;
      },
    );
  }

  return (
    <div className="space-y-6">
      {message ? (
        <p
          role={message.tone === "error" ? "alert" : "status"}
          className={message.tone === "error" ? "rounded-md bg-red-50 px-3 py-2 text-sm text-red-800" : "rounded-md bg-green-50 px-3 py-2 text-sm text-green-800"}
        >
          {message.text}
        </p>
      ) : null}
      {link ? (
        <Card title="Invitation link">
          <p className="mb-2 text-sm text-slate-600">
            Shown once. Only {link.email}, signed in with that confirmed address, can use it; it works once, for 7 days.
          </p>
          <div className="flex flex-wrap gap-2">
            <Input readOnly aria-label={`Invitation link for ${link.email}`} value={link.url} className="min-w-0 flex-1" onFocus={(e) => e.currentTarget.select()} />
            <Button variant="ghost" onClick={() => void navigator.clipboard?.writeText(link.url)}>
              Copy
            </Button>
          </div>
        </Card>
      ) : null}
      <Card title="Members">
        <ul className="divide-y divide-slate-200" aria-label="Members">
          {members.map((m) => (
            <li key={m.userId} className="flex flex-wrap items-center justify-between gap-3 py-3" data-testid={`member-${m.email}`}>
              <div className="min-w-0">
                <p className="truncate font-medium">
                  {m.name} {m.userId === currentUserId ? <span className="text-sm text-slate-600">(you)</span> : null}
                </p>
                <p className="truncate text-sm text-slate-600">{m.email}</p>
                {m.personalKeyPrefix ? (
                  <p className="text-xs text-slate-600" data-testid={`member-key-${m.email}`}>
                    Personal API key <span className="font-mono">{m.personalKeyPrefix}…</span>
                  </p>
                ) : null}
              </div>
              <div className="flex items-center gap-2">
                {canManage && m.userId === currentUserId ? (
                  <>
                    {/* One's own role is not changed from here: another owner or admin does it. */}
                    <Badge tone={m.role === "owner" ? "blue" : "neutral"}>{m.role}</Badge>
                    <Button variant="secondary" disabled={busy !== null} onClick={() => setRemoving(m)}>
                      Leave account
                    </Button>
                  </>
                ) : canManage && canAssignRole(actorRole, m.role, null) ? (
                  <>
                    <label className="sr-only" htmlFor={`role-${m.userId}`}>
                      Role of {m.email}
                    </label>
                    <Select
                      id={`role-${m.userId}`}
                      className="w-32"
                      value={m.role}
                      disabled={busy !== null}
                      onChange={(e) =>
                        void run(
                          `role-${m.userId}`,
                          () => apiFetch(`/api/v1/account/members/${m.userId}`, { method: "PATCH", body: { role: e.target.value } }),
                          `${m.email} is now ${e.target.value}.`,
                        )
                      }
                    >
                      {roleChoices.map((r) => (
                        <option key={r} value={r}>
                          {r}
                        </option>
                      ))}
                    </Select>
                    {m.personalKeyPrefix ? (
                      <Button
                        variant="secondary"
                        disabled={busy !== null}
                        aria-label={`Revoke the API key of ${m.email}`}
                        onClick={() => {
                          if (!window.confirm(`Revoke the personal API key of ${m.email}? It stops working at once.`)) return;
                          void run(
                            `revoke-key-${m.userId}`,
                            () => apiFetch(`/api/v1/account/members/${m.userId}/revoke-key`, { method: "POST", body: {} }),
                            `Revoked the API key of ${m.email}.`,
                          );
                        }}
                      >
                        Revoke key
                      </Button>
                    ) : null}
                    <Button variant="danger" disabled={busy !== null} aria-label={`Remove ${m.email}`} onClick={() => setRemoving(m)}>
                      Remove
                    </Button>
                  </>
                ) : (
                  <Badge tone={m.role === "owner" ? "blue" : "neutral"}>{m.role}</Badge>
                )}
              </div>
            </li>
          ))}
        </ul>
        <ConfirmDialog
          open={removing !== null}
          onOpenChange={(open) => (open ? null : setRemoving(null))}
          title={removing?.userId === currentUserId ? `Leave ${accountName}?` : `Remove ${removing?.email ?? ""}?`}
          confirmLabel={removing?.userId === currentUserId ? "Leave account" : "Remove member"}
          busy={busy !== null}
          onConfirm={() => {
            const m = removing!;
            const self = m.userId === currentUserId;
            void run(`remove-${m.userId}`, () => apiFetch(`/api/v1/account/members/${m.userId}`, { method: "DELETE" }), self ? `You left ${accountName}.` : `Removed ${m.email}.`).then(() => {
              setRemoving(null);
              if (self) router.push("/billing");
            });
          }}
        >
          {removing?.userId === currentUserId ? (
            <>
              <p>You are removing yourself. You lose access to {accountName} at once: its billing, invoices and settings.</p>
              <p>Coming back needs a new invitation from an owner or admin.</p>
            </>
          ) : (
            <p>
              {removing?.email} loses access to {accountName} at once. Their own user stays; they can be invited again.
            </p>
          )}
        </ConfirmDialog>
      </Card>
      {invitations.length > 0 ? (
        <Card title="Pending invitations">
          <ul className="divide-y divide-slate-200" aria-label="Pending invitations">
            {invitations.map((i) => (
              <li key={i.id} className="flex flex-wrap items-center justify-between gap-3 py-3" data-testid={`invitation-${i.email}`}>
                <span className="text-sm">
                  {i.email} <Badge tone="amber">{i.role}</Badge>
                </span>
                {canManage ? (
                  <span className="flex gap-2">
                    <Button variant="ghost" disabled={busy !== null} aria-label={`New link for ${i.email}`} onClick={() => void reissueLink(i)}>
                      Copy link
                    </Button>
                    <Button
                      variant="ghost"
                      disabled={busy !== null}
                      onClick={() => void run(`inv-${i.id}`, () => apiFetch(`/api/v1/account/invitations/${i.id}`, { method: "DELETE" }), `Invitation to ${i.email} withdrawn.`)}
                    >
                      Withdraw
                    </Button>
                  </span>
                ) : null}
              </li>
            ))}
          </ul>
        </Card>
      ) : null}
      {canManage ? (
        <Card title="Add a member">
          <form
            className="grid gap-4 sm:grid-cols-[1fr_10rem_auto] sm:items-end"
            noValidate
            onSubmit={(e) => {
              e.preventDefault();
              void invite(e.currentTarget);
            }}
          >
            <Field label="Email" htmlFor="invite-email" error={fieldError}>
              <Input id="invite-email" name="email" type="email" required placeholder="teammate@company.in" />
            </Field>
            <Field label="Role" htmlFor="invite-role">
              <Select id="invite-role" name="role" defaultValue="member">
                {roleChoices.map((r) => (
                  <option key={r} value={r}>
                    {r}
                  </option>
                ))}
              </Select>
            </Field>
            <Button type="submit" disabled={busy !== null}>
              {busy === "invite" ? "Inviting…" : "Add member"}
            </Button>
          </form>
          <p className="mt-3 text-sm text-slate-600">We mail them a link. They join when they open it, signed in with that confirmed email address, and accept.</p>
        </Card>
      ) : null}
    </div>
  );
}
