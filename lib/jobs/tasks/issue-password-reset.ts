import type { Task } from "graphile-worker";
import { issuePasswordReset } from "@/lib/accounts/issue-password-reset";
import type { JobDeps } from "../job-deps";

/** A "forgot password" request (lib/accounts/request-password-reset.ts): mails a reset link if the email has an account. */
export const issuePasswordResetTask =
  (deps: JobDeps): Task =>
  async (payload) => {
    const { email } = payload as { email: string };
    await issuePasswordReset(deps.db, { email });
  };
