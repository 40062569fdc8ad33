/**
 * Khata's reading of Cashfree's dispute_status (`<TYPE>_<STATE>`, e.g. CHARGEBACK_MERCHANT_WON; the list is on
 * Cashfree's dispute webhooks page). Won → the hold goes back; lost or accepted → it stays and a credit note is
 * issued. INSUFFICIENT_EVIDENCE is not final (the merchant may send more), so it stays open until CLOSED says more.
 */
export type DisputeResolution = "open" | "won" | "lost";

export function resolutionOf(cfStatus: string): DisputeResolution {
  if (cfStatus.endsWith("_MERCHANT_WON")) return "won";
  if (cfStatus.endsWith("_MERCHANT_LOST") || cfStatus.endsWith("_MERCHANT_ACCEPTED")) return "lost";
  return "open";
}

/** Operators may still answer (accept or contest) while Cashfree waits for the merchant. */
export function awaitsMerchant(cfStatus: string): boolean {
  return cfStatus.endsWith("_CREATED") || cfStatus.endsWith("_INSUFFICIENT_EVIDENCE");
}
