import type { NextAuthConfig } from "next-auth";
import { log, type AppLogger } from "@/lib/log";

/**
 * Auth.js error types that are a visitor's doing, not ours: a wrong password, a refused OAuth account, a stale
 * sign-in form or link. They are answered on the sign-in page; the log gets one info line without a stack.
 */
const EXPECTED_AUTH_ERRORS = new Set(["CredentialsSignin", "AccessDenied", "Verification", "MissingCSRF", "OAuthAccountNotLinked"]);

type AuthLogger = Required<NonNullable<NextAuthConfig["logger"]>>;

function errorType(error: Error): string {
  const type = (error as { type?: unknown }).type;
  return typeof type === "string" ? type : error.name;
}

/** Auth.js's logger routed through lib/log (pino, redaction) instead of console.error with a full stack. */
export function authLogger(logger: AppLogger = log): AuthLogger {
  return {
    error(error) {
      const type = errorType(error);
      if (EXPECTED_AUTH_ERRORS.has(type)) {
        const code = (error as { code?: unknown }).code;
        logger.info("auth: sign-in refused", { type, ...(typeof code === "string" ? { code } : {}) });
        return;
      }
      const cause = (error as { cause?: unknown }).cause;
      logger.error("auth: error", { type, err: error, ...(cause instanceof Error ? { cause } : {}) });
    },
    warn(code) {
      logger.warn("auth: warning", { code });
    },
    debug(message, metadata) {
      logger.debug(`auth: ${message}`, metadata === undefined ? undefined : { metadata });
    },
  };
}
