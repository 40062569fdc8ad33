import { describe, expect, it } from "vitest";
import { gstinCheckChar, gstinMatchesState, validateGstin } from "./gstin";

// Checksum-valid GSTINs. The first two are widely published public examples; the other two are
// further checksum-valid samples (independently verified against the mod-36 algorithm).
const VALID: [string, string][] = [
  ["27AAPFU0939F1ZV", "27"],
  ["29AAGCB7383J1Z4", "29"],
  ["27AAACR5055K1Z7", "27"],
  ["24AAACC1206D1ZM", "24"],
];

describe("validateGstin", () => {
  it.each(VALID)("%s is valid (state %s)", (gstin, stateCode) => {
    const r = validateGstin(gstin);
    expect(r).toEqual({ ok: true, gstin, stateCode, pan: gstin.slice(2, 12) });
  });

  it.each(VALID)("%s check char is recomputed exactly", (gstin) => {
    expect(gstinCheckChar(gstin.slice(0, 14))).toBe(gstin.charAt(14));
  });

  it.each<[string, string]>([
    ["  27aapfu0939f1zv ", "27AAPFU0939F1ZV"],
    ["29aagcb7383j1z4", "29AAGCB7383J1Z4"],
  ])("normalises %j", (input, normalised) => {
    const r = validateGstin(input);
    expect(r.ok && r.gstin).toBe(normalised);
  });

  it.each<[string, "format" | "checksum" | "state_code"]>([
    // checksum: single-character mutations of valid GSTINs
    ["27AAPFU0939F1ZW", "checksum"], // check char changed
    ["27AAPFU0939F1Z0", "checksum"],
    ["29AAGCB7383J1Z5", "checksum"],
    ["27AAPFU0938F1ZV", "checksum"], // PAN digit changed
    ["27AAPFV0939F1ZV", "checksum"], // PAN letter changed
    ["27AAPFU0939F2ZV", "checksum"], // entity number changed
    ["29AAPFU0939F1ZV", "checksum"], // state code changed to another known state
    ["27AAPUF0939F1ZV", "checksum"], // adjacent transposition in PAN
    ["92AAGCB7383J1Z4", "state_code"], // transposed state digits → unknown state
    // state_code: well-formed but not a GST state code (checksum recomputed so only the state is wrong)
    ["00AAPFU0939F1Z" + gstinCheckChar("00AAPFU0939F1Z"), "state_code"],
    ["39AAPFU0939F1Z" + gstinCheckChar("39AAPFU0939F1Z"), "state_code"],
    ["99AAPFU0939F1Z" + gstinCheckChar("99AAPFU0939F1Z"), "state_code"],
    // format
    ["", "format"],
    ["27AAPFU0939F1Z", "format"], // 14 chars
    ["27AAPFU0939F1ZVX", "format"], // 16 chars
    ["27AAPFU0939F1YV", "format"], // 14th char must be Z
    ["27AAPFU0939F0ZV", "format"], // entity number 0 not allowed
    ["2AAAPFU0939F1ZV", "format"],
    ["27AAPF10939F1ZV", "format"], // digit in PAN letters
    ["27AAPFU093AF1ZV", "format"], // letter in PAN digits
    ["27AAPFU09391F1ZV", "format"],
    ["27 AAPFU0939F1ZV", "format"],
    ["27AAPFU0939F1Z-", "format"],
    ["9917USA29012OSB", "format"], // OIDAR-style ID, not a regular GSTIN
  ])("%j → %s", (gstin, reason) => {
    expect(validateGstin(gstin)).toEqual({ ok: false, reason });
  });

  it("every single-character substitution of a valid GSTIN's first 14 chars is caught by the checksum", () => {
    const base = "29AAGCB7383J1Z4";
    const alphabet = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ";
    let tried = 0;
    for (let i = 2; i < 14; i++) {
      for (const ch of alphabet) {
        if (ch === base[i]) continue;
        const mutated = base.slice(0, i) + ch + base.slice(i + 1);
        const r = validateGstin(mutated);
        if (r.ok) throw new Error(`mutation ${mutated} passed validation`);
        tried++;
      }
    }
    expect(tried).toBeGreaterThan(100);
  });
});

describe("gstinMatchesState", () => {
  it.each<[string, string, boolean]>([
    ["27AAPFU0939F1ZV", "27", true],
    ["27AAPFU0939F1ZV", "29", false],
    ["29AAGCB7383J1Z4", "29", true],
    ["29aagcb7383j1z4", "29", true],
    ["29AAGCB7383J1Z5", "29", false], // bad checksum
    ["garbage", "29", false],
  ])("%s in %s → %s", (gstin, state, expected) => {
    expect(gstinMatchesState(gstin, state)).toBe(expected);
  });
});
