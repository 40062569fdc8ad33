import { pino, type DestinationStream, type Logger } from "pino";
import pretty from "pino-pretty";
import { getEnv, type Env } from "@/lib/config/env";
import { currentRequestContext } from "@/lib/log-context";
import { REDACT_PATHS, REDACTED, scrubFields, scrubString } from "@/lib/log-scrub";

type Level = "debug" | "info" | "warn" | "error";
type Fields = Record<string, unknown>;

export interface LogSettings {
  level: Level | "silent";
  format: "json" | "pretty";
  /** Configured secret values cut out of every logged string wherever they appear. */
  secrets: readonly string[];
  /** Where lines go; stdout (written synchronously) when absent. */
  destination?: DestinationStream;
}

/** Callers write `log.info("message", { fields })`: the message first, as before pino. */
export interface AppLogger {
  debug(message: string, fields?: Fields): void;
  info(message: string, fields?: Fields): void;
  warn(message: string, fields?: Fields): void;
  error(message: string, fields?: Fields): void;
}

function buildPino(settings: LogSettings): Logger {
  const json = settings.format === "json";
  // pino-pretty as a synchronous stream in this thread: worker-thread transports do not survive Next's server bundles.
  const destination = json
    ? (settings.destination ?? pino.destination({ dest: 1, sync: true }))
    : pretty({ destination: settings.destination ?? 1, sync: true, ignore: "pid,hostname", translateTime: "SYS:HH:MM:ss.l", singleLine: true });
  return pino(
    {
      level: settings.level,
      timestamp: json ? pino.stdTimeFunctions.isoTime : pino.stdTimeFunctions.epochTime,
      mixin: () => {
        const context = currentRequestContext();
        return context ? { requestId: context.requestId } : {};
      },
      formatters: {
        ...(json ? { level: (label: string) => ({ level: label }) } : {}),
        log: (fields) => scrubFields(fields, settings.secrets),
      },
      // The scrubber has already turned errors into pino's serialized shape; serializing again would lose `type`.
      serializers: { err: (value: unknown) => value },
      redact: { paths: REDACT_PATHS, censor: REDACTED },
    },
    destination,
  );
}

export function createLogger(settings: LogSettings): AppLogger {
  const logger = buildPino(settings);
  const write = (level: Level, message: string, fields?: Fields) => {
    try {
      if (!logger.isLevelEnabled(level)) return;
      const msg = scrubString(message, settings.secrets);
      if (fields) logger[level](fields, msg);
      else logger[level](msg);
    } catch {
      // logging must never throw into the code that logs
    }
  };
  return {
    debug: (m, f) => write("debug", m, f),
    info: (m, f) => write("info", m, f),
    warn: (m, f) => write("warn", m, f),
    error: (m, f) => write("error", m, f),
  };
}

/** The values that must never reach a log line, whatever key or sentence they hide in. */
export function configuredSecrets(env: Env): string[] {
  const secrets = [env.CASHFREE_CLIENT_SECRET, env.CASHFREE_PAYOUT_CLIENT_SECRET, env.AUTH_SECRET, env.AUTH_GITHUB_SECRET, env.AUTH_GOOGLE_SECRET];
  for (const url of [env.DATABASE_URL, env.SMTP_URL]) {
    if (!url) continue;
    try {
      secrets.push(decodeURIComponent(new URL(url).password));
    } catch {
      // an unparsable URL fails at connect time, with its own message
    }
  }
  return secrets.filter((s): s is string => typeof s === "string" && s !== "");
}

let processLogger: AppLogger | undefined;

function current(): AppLogger {
  if (processLogger) return processLogger;
  try {
    const env = getEnv();
    processLogger = createLogger({ level: env.LOG_LEVEL, format: env.LOG_FORMAT, secrets: configuredSecrets(env) });
    return processLogger;
  } catch {
    // configuration errors are reported at start-up (instrumentation-node.ts); log plainly until then
    return createLogger({ level: "info", format: "json", secrets: [] });
  }
}

export const log: AppLogger = {
  debug: (m, f) => current().debug(m, f),
  info: (m, f) => current().info(m, f),
  warn: (m, f) => current().warn(m, f),
  error: (m, f) => current().error(m, f),
};
