import { describe, expect, it } from "vitest";
import { AccessDenied, CallbackRouteError, CredentialsSignin } from "@auth/core/errors";
import type { AppLogger } from "@/lib/log";
import { authLogger } from "./auth-logger";

function recording() {
  const lines: Array<{ level: string; message: string; fields?: Record<string, unknown> }> = [];
  const at = (level: string) => (message: string, fields?: Record<string, unknown>) => void lines.push({ level, message, fields });
  const logger: AppLogger = { debug: at("debug"), info: at("info"), warn: at("warn"), error: at("error") };
  return { logger, lines };
}

describe("authLogger", () => {
  it("logs a failed sign-in as one info line with its type and code, without the error or a stack", () => {
    const { logger, lines } = recording();
    const error = new CredentialsSignin();
    error.code = "too_many_attempts";
    authLogger(logger).error(error);
    expect(lines).toEqual([{ level: "info", message: "auth: sign-in refused", fields: { type: "CredentialsSignin", code: "too_many_attempts" } }]);
    expect(JSON.stringify(lines)).not.toContain("at ");
  });

  it("treats a refused OAuth sign-in as expected too", () => {
    const { logger, lines } = recording();
    authLogger(logger).error(new AccessDenied("email not verified"));
    expect(lines.map((l) => [l.level, l.fields?.type])).toEqual([["info", "AccessDenied"]]);
  });

  it("logs a real failure at error level with the error (the logger scrubs and serializes it)", () => {
    const { logger, lines } = recording();
    const cause = new Error("connect ECONNREFUSED 127.0.0.1:5432");
    authLogger(logger).error(new CallbackRouteError("callback failed", { cause }));
    expect(lines).toHaveLength(1);
    expect(lines[0]).toMatchObject({ level: "error", message: "auth: error", fields: { type: "CallbackRouteError" } });
    expect(lines[0]!.fields!.err).toBeInstanceOf(CallbackRouteError);
  });

  it("routes warnings and debug messages through the app logger", () => {
    const { logger, lines } = recording();
    authLogger(logger).warn("debug-enabled");
    authLogger(logger).debug("adapter", { a: 1 });
    expect(lines).toEqual([
      { level: "warn", message: "auth: warning", fields: { code: "debug-enabled" } },
      { level: "debug", message: "auth: adapter", fields: { metadata: { a: 1 } } },
    ]);
  });
});
