import { describe, expect, it } from "vitest";
import { gstinCheckChar } from "@/lib/gst/gstin";
import { checkBillingProfile, isProfileComplete } from "./check-billing-profile";
import type { BillingProfile } from "./get-billing-profile";

const KA_GSTIN = "29AAACK1234L1Z" + gstinCheckChar("29AAACK1234L1Z");
const MH_GSTIN = "27AAACK1234L1Z" + gstinCheckChar("27AAACK1234L1Z");

const stored: BillingProfile = {
  accountId: "acc_1",
  legalName: "Acme Software Private Limited",
  addressLine1: "42, 2nd Cross, Indiranagar",
  addressLine2: null,
  city: "Bengaluru",
  postalCode: "560038",
  stateCode: "29",
  phone: "9845012345",
  email: "accounts@acme.example",
  gstin: KA_GSTIN,
  createdAt: new Date("2026-11-01T00:00:00Z"),
  updatedAt: new Date("2026-11-01T00:00:00Z"),
};

const fieldsOf = (patch: Partial<BillingProfile>) => {
  const check = checkBillingProfile({ ...stored, ...patch });
  return check.ok ? [] : check.problems.map((p) => p.field);
};

describe("checkBillingProfile", () => {
  it("a valid stored profile is complete and comes back as is", () => {
    expect(checkBillingProfile(stored)).toEqual({ ok: true, profile: stored });
    expect(isProfileComplete(stored)).toBe(true);
    expect(fieldsOf({ gstin: null })).toEqual([]);
  });

  it("no profile: every required field is reported missing, as data", () => {
    const check = checkBillingProfile(null);
    expect(check).toMatchObject({ ok: false, missing: true });
    expect(check.ok ? [] : check.problems.map((p) => p.field)).toEqual(["legal_name", "address_line1", "city", "postal_code", "state_code", "phone", "email"]);
    expect(isProfileComplete(null)).toBe(false);
  });

  it.each([
    ["a blank legal name", { legalName: "  " }, ["legal_name"]],
    ["a 5-digit PIN", { postalCode: "56003" }, ["postal_code"]],
    ["an unknown state", { stateCode: "99" }, ["state_code"]],
    ["a bad email", { email: "not-an-email" }, ["email"]],
    ["a GSTIN of another state", { gstin: MH_GSTIN }, ["gstin"]],
    ["a mobile-format number starting 8", { phone: "8023456789" }, []],
    ["a landline (valid for the schema, refused by Cashfree)", { phone: "2223456789" }, ["phone"]],
    ["a 9-digit phone", { phone: "984501234" }, ["phone"]],
    ["several bad fields, in form order", { email: "x", postalCode: "1", legalName: "" }, ["legal_name", "postal_code", "email"]],
  ] as const)("%s → %j", (_label, patch, fields) => {
    expect(fieldsOf(patch)).toEqual(fields);
  });

  it("names the Cashfree mobile rule when only the phone kind is wrong", () => {
    expect(checkBillingProfile({ ...stored, phone: "2223456789" })).toEqual({
      ok: false,
      missing: false,
      problems: [{ field: "phone", message: expect.stringMatching(/mobile number/) }],
    });
  });
});
