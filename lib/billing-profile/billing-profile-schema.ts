/**
 * The one billing-profile schema, shared by the browser form (client-side validation) and
 * `PUT /api/v1/account/billing-profile`. Pure: imports only zod and the GST tables, so it bundles for the browser.
 *
 * Normalisation: strings are trimmed; `gstin` is upper-cased and `""` becomes null; `address_line2` `""` → null;
 * `phone` loses spaces, hyphens, dots and brackets and a `+91`/`91`/`0` prefix, and is stored as 10 digits.
 * Use `z.input<typeof billingProfileSchema>` for form state and `BillingProfileInput` (the output) for services.
 */
import { z } from "zod";
import { validateGstin } from "@/lib/gst/gstin";
import { getState, isKnownStateCode } from "@/lib/gst/states";

const text = (label: string, max: number) =>
  z
    .string({ error: `${label} is required.` })
    .trim()
    .min(1, { error: `${label} is required.` })
    .max(max, { error: `${label} must be at most ${max} characters.` });

/** 6-digit Indian PIN code; the first digit (postal region) is never 0. */
export const PIN_CODE_REGEX = /^[1-9][0-9]{5}$/;
/** A 10-digit Indian number (mobile, or landline with its STD code and no trunk 0). */
export const PHONE_REGEX = /^[1-9][0-9]{9}$/;

export function normalizePhone(input: string): string {
  const compact = input.trim().replace(/[\s().-]/g, "");
  if (/^\+91[0-9]{10}$/.test(compact)) return compact.slice(3);
  if (/^91[0-9]{10}$/.test(compact)) return compact.slice(2);
  if (/^0[0-9]{10}$/.test(compact)) return compact.slice(1);
  return compact;
}

const GSTIN_MESSAGES = {
  format:
    "GSTIN must be 15 characters: a 2-digit state code, the 10-character PAN, an entity number, Z and a check character.",
  state_code: "GSTIN starts with an unknown state code.",
  checksum: "GSTIN check character does not match: check the number for a typo.",
} as const;

const stateLabel = (code: string) => {
  const state = getState(code);
  return state ? `${state.name} (${code})` : code;
};

export const billingProfileSchema = z
  .strictObject({
    legal_name: text("Legal name", 200),
    address_line1: text("Address", 200),
    address_line2: z
      .string()
      .trim()
      .max(200, { error: "Address line 2 must be at most 200 characters." })
      .nullish()
      .transform((v) => (v ? v : null)),
    city: text("City", 100),
    postal_code: z
      .string({ error: "PIN code is required." })
      .trim()
      .regex(PIN_CODE_REGEX, { error: "Enter a 6-digit Indian PIN code (e.g. 560001)." }),
    state_code: z
      .string({ error: "State is required." })
      .trim()
      .refine(isKnownStateCode, { error: "Choose a state from the list (a 2-digit GST state code such as 29)." }),
    phone: z
      .string({ error: "Phone is required." })
      .transform(normalizePhone)
      .pipe(z.string().regex(PHONE_REGEX, { error: "Enter a 10-digit Indian phone number, optionally with +91." })),
    email: z
      .string({ error: "Billing email is required." })
      .trim()
      .toLowerCase()
      .pipe(z.email({ error: "Enter a valid email address." }).max(254)),
    gstin: z
      .string()
      .nullish()
      .transform((v, ctx) => {
        const value = (v ?? "").trim().toUpperCase();
        if (value === "") return null;
        const result = validateGstin(value);
        if (!result.ok) {
          ctx.addIssue({ code: "custom", message: GSTIN_MESSAGES[result.reason] });
          return z.NEVER;
        }
        return result.gstin;
      }),
  })
  .superRefine((profile, ctx) => {
    // Runs even when another field failed (zod 4 refinements are non-aborting): only compare valid values.
    const { gstin, state_code: state } = profile;
    if (typeof gstin !== "string" || typeof state !== "string" || !isKnownStateCode(state)) return;
    if (gstin.slice(0, 2) !== state) {
      ctx.addIssue({
        code: "custom",
        path: ["gstin"],
        message: `This GSTIN is registered in ${stateLabel(gstin.slice(0, 2))}, but the billing state is ${stateLabel(state)}: its first two digits must be the state code. Change the state or the GSTIN.`,
      });
    }
  });

/** Form state (what the browser holds before parsing). */
export type BillingProfileFormValues = z.input<typeof billingProfileSchema>;
/** Validated, normalised profile (what services store). */
export type BillingProfileInput = z.output<typeof billingProfileSchema>;
