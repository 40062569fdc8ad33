/** Shared by the auth server actions (not a "use server" file: it exports plain values). */

export const keep = (form: FormData, names: string[]) =>
  Object.fromEntries(names.map((n) => [n, typeof form.get(n) === "string" ? String(form.get(n)) : ""]));

export function fieldErrors(issues: { path: PropertyKey[]; message: string }[]): Record<string, string> {
  const out: Record<string, string> = {};
  for (const issue of issues) out[String(issue.path[0] ?? "form")] ??= issue.message;
  return out;
}

/** The one answer to every accepted sign-up, whether or not the email already had an account. */
export const SIGN_UP_NOTICE = "Check your email to verify your address, then sign in.";

/** The one answer to every "forgot password" request, whether or not the email has an account. */
export const PASSWORD_RESET_NOTICE = "If an account exists for that email, we've sent a link to reset the password. It works for 1 hour.";

export const RESET_LINK_MESSAGES = {
  invalid: "This reset link is not valid. Open the most recent mail from Khata, or ask for a new link.",
  used: "This reset link was already used. Ask for a new link if you still need to reset your password.",
  expired: "This reset link has expired (links work for 1 hour). Ask for a new one.",
} as const;
