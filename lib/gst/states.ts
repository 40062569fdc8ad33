/**
 * GST state / union-territory codes (first two digits of a GSTIN; "State Code" on invoices).
 *
 * `kind` drives the label of the state half of intra-state tax: states and UTs *with* a
 * legislature (Delhi, Puducherry, Jammu and Kashmir) levy SGST; UTs without a legislature levy
 * UTGST instead (CGST + UTGST).
 *
 * `legacy` codes are still accepted when validating a GSTIN (old registrations / historical
 * documents) but are not offered in pickers: 25 Daman and Diu was merged into 26 (2020), and
 * 28 was Andhra Pradesh before the 2014 bifurcation (AP now uses 37).
 */

export type StateKind = "state" | "ut_with_legislature" | "ut" | "other";

export type GstState = {
  readonly code: string;
  readonly name: string;
  readonly kind: StateKind;
  readonly legacy?: true;
};

export const GST_STATES: readonly GstState[] = [
  { code: "01", name: "Jammu and Kashmir", kind: "ut_with_legislature" },
  { code: "02", name: "Himachal Pradesh", kind: "state" },
  { code: "03", name: "Punjab", kind: "state" },
  { code: "04", name: "Chandigarh", kind: "ut" },
  { code: "05", name: "Uttarakhand", kind: "state" },
  { code: "06", name: "Haryana", kind: "state" },
  { code: "07", name: "Delhi", kind: "ut_with_legislature" },
  { code: "08", name: "Rajasthan", kind: "state" },
  { code: "09", name: "Uttar Pradesh", kind: "state" },
  { code: "10", name: "Bihar", kind: "state" },
  { code: "11", name: "Sikkim", kind: "state" },
  { code: "12", name: "Arunachal Pradesh", kind: "state" },
  { code: "13", name: "Nagaland", kind: "state" },
  { code: "14", name: "Manipur", kind: "state" },
  { code: "15", name: "Mizoram", kind: "state" },
  { code: "16", name: "Tripura", kind: "state" },
  { code: "17", name: "Meghalaya", kind: "state" },
  { code: "18", name: "Assam", kind: "state" },
  { code: "19", name: "West Bengal", kind: "state" },
  { code: "20", name: "Jharkhand", kind: "state" },
  { code: "21", name: "Odisha", kind: "state" },
  { code: "22", name: "Chhattisgarh", kind: "state" },
  { code: "23", name: "Madhya Pradesh", kind: "state" },
  { code: "24", name: "Gujarat", kind: "state" },
  { code: "25", name: "Daman and Diu", kind: "ut", legacy: true },
  { code: "26", name: "Dadra and Nagar Haveli and Daman and Diu", kind: "ut" },
  { code: "27", name: "Maharashtra", kind: "state" },
  { code: "28", name: "Andhra Pradesh (Before Division)", kind: "state", legacy: true },
  { code: "29", name: "Karnataka", kind: "state" },
  { code: "30", name: "Goa", kind: "state" },
  { code: "31", name: "Lakshadweep", kind: "ut" },
  { code: "32", name: "Kerala", kind: "state" },
  { code: "33", name: "Tamil Nadu", kind: "state" },
  { code: "34", name: "Puducherry", kind: "ut_with_legislature" },
  { code: "35", name: "Andaman and Nicobar Islands", kind: "ut" },
  { code: "36", name: "Telangana", kind: "state" },
  { code: "37", name: "Andhra Pradesh", kind: "state" },
  { code: "38", name: "Ladakh", kind: "ut" },
  { code: "97", name: "Other Territory", kind: "other" },
];

const BY_CODE: ReadonlyMap<string, GstState> = new Map(GST_STATES.map((s) => [s.code, s]));

/** Current (non-legacy) states/UTs, for dropdowns. */
export const SELECTABLE_GST_STATES: readonly GstState[] = GST_STATES.filter((s) => !s.legacy);

export function isKnownStateCode(code: string): boolean {
  return BY_CODE.has(code);
}

export function getState(code: string): GstState | undefined {
  return BY_CODE.get(code);
}

/** `"29"` → `"Karnataka"`. Throws RangeError for an unknown code (use {@link isKnownStateCode} to check). */
export function stateName(code: string): string {
  const s = BY_CODE.get(code);
  if (!s) throw new RangeError(`Unknown GST state code ${JSON.stringify(code)}`);
  return s.name;
}

/** "SGST" for states and UTs with a legislature, "UTGST" for UTs without one. */
export function stateTaxLabel(code: string): "SGST" | "UTGST" {
  const s = BY_CODE.get(code);
  if (!s) throw new RangeError(`Unknown GST state code ${JSON.stringify(code)}`);
  return s.kind === "ut" ? "UTGST" : "SGST";
}
