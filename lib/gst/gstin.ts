/**
 * GSTIN (GST Identification Number) validation.
 *
 * Layout (15 chars): SS PPPPPPPPPP E Z C
 *   SS         state code (see states.ts)
 *   PPPPPPPPPP PAN of the holder (5 letters, 4 digits, 1 letter)
 *   E          entity number for the same PAN in the state (1-9, then A-Z)
 *   Z          literally "Z" (default)
 *   C          check character, GSTN mod-36 algorithm (below)
 *
 * Special registrations (UN bodies, NRTP/OIDAR, TDS/TCS) use other layouts and are rejected
 * as "format" — Khata only bills regular taxpayers.
 */
import { isKnownStateCode } from "./states";

export const GSTIN_REGEX = /^[0-9]{2}[A-Z]{5}[0-9]{4}[A-Z][1-9A-Z]Z[0-9A-Z]$/;

const ALPHABET = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ";

/**
 * GSTN check character for the first 14 characters: code points in base 36, weights
 * alternating 1,2,1,2… from the left; each product p contributes floor(p/36) + p%36
 * (Luhn mod N with N = 36); check = (36 − sum mod 36) mod 36.
 */
export function gstinCheckChar(first14: string): string {
  if (first14.length !== 14) throw new RangeError("gstinCheckChar needs exactly 14 characters");
  let sum = 0;
  for (let i = 0; i < 14; i++) {
    const v = ALPHABET.indexOf(first14.charAt(i));
    if (v < 0) throw new RangeError(`Invalid GSTIN character ${JSON.stringify(first14.charAt(i))}`);
    const product = v * (i % 2 === 0 ? 1 : 2);
    sum += Math.floor(product / 36) + (product % 36);
  }
  return ALPHABET.charAt((36 - (sum % 36)) % 36);
}

export type GstinValidation =
  | { ok: true; gstin: string; stateCode: string; pan: string }
  | { ok: false; reason: "format" | "checksum" | "state_code" };

/** Normalise user input: trim and upper-case. Validation itself is strict on the normalised value. */
export function normalizeGstin(input: string): string {
  return input.trim().toUpperCase();
}

/**
 * Validate a GSTIN. Input is normalised (trim + upper-case) first; `gstin` in the ok result is
 * the normalised value you should store. Checks in order: format, state code, checksum.
 */
export function validateGstin(input: string): GstinValidation {
  const gstin = normalizeGstin(input);
  if (!GSTIN_REGEX.test(gstin)) return { ok: false, reason: "format" };
  const stateCode = gstin.slice(0, 2);
  if (!isKnownStateCode(stateCode)) return { ok: false, reason: "state_code" };
  if (gstinCheckChar(gstin.slice(0, 14)) !== gstin.charAt(14)) return { ok: false, reason: "checksum" };
  return { ok: true, gstin, stateCode, pan: gstin.slice(2, 12) };
}

/** True iff `gstin` is valid AND registered in `stateCode` (place of supply / billing-state cross-check). */
export function gstinMatchesState(gstin: string, stateCode: string): boolean {
  const r = validateGstin(gstin);
  return r.ok && r.stateCode === stateCode;
}
