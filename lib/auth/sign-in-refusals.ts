import { AsyncLocalStorage } from "node:async_hooks";
import { CredentialsSignin } from "next-auth";
import type { PasswordSignIn } from "@/lib/accounts/authenticate-password";

/**
 * The `code`s Auth.js carries to the sign-in form (and to the ?code= of its redirect) when a password sign-in is
 * refused before the password was checked, and what the form says for each.
 */
export const TOO_MANY_SIGN_IN_ATTEMPTS = "too_many_attempts";
export const SIGN_IN_RATE_LIMITED = "ip_rate_limited";
export const SIGN_IN_SERVER_BUSY = "server_busy";
export const SIGN_IN_REFUSAL_CODES: readonly string[] = [TOO_MANY_SIGN_IN_ATTEMPTS, SIGN_IN_RATE_LIMITED, SIGN_IN_SERVER_BUSY];

const FORM_MESSAGES: Record<string, string> = {
  [TOO_MANY_SIGN_IN_ATTEMPTS]: "Too many failed sign-in attempts for this email. Wait 15 minutes, then try again.",
  [SIGN_IN_RATE_LIMITED]: "Too many sign-in attempts from your network. Wait a minute, then try again.",
  [SIGN_IN_SERVER_BUSY]: "The server is busy right now. Try again in a moment.",
};

/** The form's line for a refusal code, or null for a plain wrong email/password. */
export const signInRefusalMessage = (code: unknown): string | null => (typeof code === "string" ? (FORM_MESSAGES[code] ?? null) : null);

class SignInRefused extends CredentialsSignin {
  constructor(code: string) {
    super();
    this.code = code;
  }
}

// Auth.js keeps only the code of an authorize() error; the direct POST /api/auth/callback/credentials wrapper
// wants the Retry-After too, so authorize() notes it here for the request it runs in.
const refusalStore = new AsyncLocalStorage<{ retryAfterSeconds?: number }>();

export const withSignInRefusalNote = <T>(fn: () => Promise<T>) => refusalStore.run({}, fn);
export const noteRetryAfterSeconds = (): number | undefined => refusalStore.getStore()?.retryAfterSeconds;

/** In authorize(): a refusal becomes the CredentialsSignin error carrying its code. */
export function throwIfRefused(result: PasswordSignIn): void {
  const code =
    result.status === "throttled" ? TOO_MANY_SIGN_IN_ATTEMPTS : result.status === "rate_limited" ? SIGN_IN_RATE_LIMITED : result.status === "busy" ? SIGN_IN_SERVER_BUSY : null;
  if (!code || !("retryAfterSeconds" in result)) return;
  const store = refusalStore.getStore();
  if (store) store.retryAfterSeconds = result.retryAfterSeconds;
  throw new SignInRefused(code);
}
