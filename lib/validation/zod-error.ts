import type { z } from "zod";
import { AppError } from "@/lib/errors";

/** Turns a zod failure into an `invalid_request` (or `missing_fields`) error naming the offending parameter(s). */
export function zodToAppError(error: z.ZodError, where: "body" | "query" | "path"): AppError {
  const issues = error.issues.map((issue) => {
    const path = issue.path.map(String).join(".");
    const keys = issue.code === "unrecognized_keys" ? (issue as { keys?: string[] }).keys : undefined;
    const missing = issue.code === "invalid_type" && /received undefined/.test(issue.message);
    return { path: keys?.length ? keys.join(", ") : path, message: issue.message, missing, code: issue.code };
  });
  const first = issues[0];
  const allMissing = issues.length > 0 && issues.every((i) => i.missing);
  const describe = (i: (typeof issues)[number]) =>
    i.code === "unrecognized_keys"
      ? `Unknown ${where === "query" ? "parameter" : "field"}: ${i.path}.`
      : i.path
        ? `${i.path}: ${i.missing ? "is required." : i.message}`
        : i.message;
  const message = allMissing
    ? `Missing required ${where === "query" ? "parameter" : "field"}${issues.length > 1 ? "s" : ""}: ${issues.map((i) => i.path).join(", ")}.`
    : first
      ? describe(first)
      : "Invalid request.";
  return new AppError(allMissing ? "missing_fields" : "invalid_request", message, {
    details: { location: where, issues: issues.map(({ path, message: m }) => ({ path, message: m })) },
  });
}
