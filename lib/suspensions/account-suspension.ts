import { AppError } from "@/lib/errors";

/** What every session and key of a suspended account carries (from `accounts.suspended_at` / `suspension_reason`). */
export interface AccountSuspension {
  reason: string;
  since: Date;
}

export function suspensionOf(row: { suspendedAt: Date | string | null; suspensionReason: string | null }): AccountSuspension | null {
  if (row.suspendedAt === null) return null;
  return { reason: row.suspensionReason ?? "", since: new Date(row.suspendedAt) };
}

/** 403 `account_suspended`: the one refusal for a suspended account's sessions and keys (lib/api/steps/authorize.ts). */
export function accountSuspendedError(suspension: AccountSuspension): AppError {
  return new AppError(
    "account_suspended",
    `This account is suspended: ${suspension.reason} Invoices, payments and the balance can still be read; contact support to lift it.`,
    { details: { reason: suspension.reason, suspended_at: suspension.since.toISOString() } },
  );
}
