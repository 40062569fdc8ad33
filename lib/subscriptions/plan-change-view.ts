import type { ChangePlanResult } from "./change-plan";

/** The change route's answer: an upgrade's checkout session (201), or the subscription with its scheduled change (200). */
export function planChangeView(result: ChangePlanResult): { status: number; body: Record<string, unknown> } {
  if (result.kind === "upgrade") return { status: 201, body: { change: "upgrade", ...result.checkout } };
  return { status: 200, body: { change: "scheduled", subscription: result.subscription } };
}
