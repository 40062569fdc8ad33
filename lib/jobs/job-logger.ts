import { Logger, type LogFunctionFactory } from "graphile-worker";
import { log } from "@/lib/log";

/**
 * graphile-worker's own messages, written through the app's JSON log. Its "info" chatter and its per-failure
 * report (with the job's payload) become debug: start-worker.ts logs each failure once, without the payload.
 */
const factory: LogFunctionFactory = (scope) => (level, message, meta) => {
  const fields = { source: "graphile-worker", ...scope, ...meta };
  if (meta?.failure) log.debug(message, fields);
  else if (level === "error") log.error(message, fields);
  else if (level === "warning") log.warn(message, fields);
  else log.debug(message, fields);
};

export const jobLogger = new Logger(factory);
