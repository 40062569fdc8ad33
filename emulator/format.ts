const IST_OFFSET_MS = 5.5 * 60 * 60 * 1000;

/** Cashfree reports times in IST, e.g. `2025-01-15T12:20:29+05:30`. */
export function toIstIso(epochMs: number): string {
  return new Date(epochMs + IST_OFFSET_MS).toISOString().slice(0, 19) + "+05:30";
}

export const paiseToRupees = (amountPaise: number): number => amountPaise / 100;

/** Parses a rupee amount with at most 2 decimals into integer paise; null when not representable. */
export function rupeesToPaise(value: unknown): number | null {
  if (typeof value !== "number" || !Number.isFinite(value)) return null;
  const paise = Math.round(value * 100);
  if (Math.abs(value * 100 - paise) > 1e-6) return null;
  return paise;
}

const MONEY_KEYS = new Set(["order_amount", "payment_amount", "refund_amount", "refund_charge", "dispute_amount", "transfer_amount"]);

/**
 * JSON.stringify, except that money fields are written with two decimals (`"payment_amount":170.00`)
 * the way Cashfree sends them. Receivers that verify a re-serialised body instead of the raw bytes
 * will then fail against the emulator exactly as they would against Cashfree.
 */
export function stringifyCashfreeJson(value: unknown, key?: string): string {
  if (typeof value === "number" && key !== undefined && MONEY_KEYS.has(key) && Number.isFinite(value)) {
    return value.toFixed(2);
  }
  if (Array.isArray(value)) return `[${value.map((item) => stringifyCashfreeJson(item)).join(",")}]`;
  if (value !== null && typeof value === "object") {
    const parts: string[] = [];
    for (const [k, v] of Object.entries(value)) {
      if (v === undefined) continue;
      parts.push(`${JSON.stringify(k)}:${stringifyCashfreeJson(v, k)}`);
    }
    return `{${parts.join(",")}}`;
  }
  return JSON.stringify(value) ?? "null";
}
