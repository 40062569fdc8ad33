import type { ApiError } from "@/components/api-client";

/**
 * An API error in words for people: the API's messages name fields the way the API spells them
 * (`monthly_limit must be…`, `url: the URL must use https`); pages name them the way the form labels them.
 * `labels` maps API field names to those labels; a message naming none is shown as it is, capitalised.
 */
export function humanApiMessage(error: Pick<ApiError, "message" | "code">, labels: Record<string, string> = {}): string {
  if (error.code === "network_error") return error.message;
  if (error.code === "internal_error" || error.code === "database_error") return "Something went wrong on our side. Try again in a moment.";
  if (error.code === "rate_limited") return "Too many attempts in a short time. Wait a minute and try again.";
  let message = error.message.trim();
  for (const [field, label] of Object.entries(labels)) {
    const prefixed = new RegExp(`^${field}(?:\\.[\\w.]+)?:\\s*`);
    if (prefixed.test(message)) {
      message = `${label}: ${message.replace(prefixed, "")}`;
      break;
    }
    const subject = new RegExp(`^${field}\\b`);
    if (subject.test(message)) {
      message = message.replace(subject, `The ${label.toLowerCase()}`);
      break;
    }
    message = message.replace(new RegExp(`\\b${field}\\b`, "g"), label.toLowerCase());
  }
  message = message.replace(/\bthe URL\b/i, "it");
  return message.charAt(0).toUpperCase() + message.slice(1);
}
