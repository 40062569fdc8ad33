import { Logger, type LogFunctionFactory } from "graphile-worker";
import { log } from "@/lib/log";

/** graphile-worker's own messages, written through the app's JSON log (its "info" chatter becomes debug). */
const factory: LogFunctionFactory = (scope) => (level, message, meta) => {
  const fields = { source: "graphile-worker", ...scope, ...meta };
  if (level === "error") log.error(message, fields);
  else if (level === "warning") log.warn(message, fields);
  else log.debug(message, fields);
};

export const jobLogger = new Logger(factory);
