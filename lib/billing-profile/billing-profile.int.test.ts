import { expect, it } from "vitest";
import { zodToAppError } from "@/lib/validation/zod-error";
import { gstinCheckChar } from "@/lib/gst/gstin";
import { describeWithDatabase } from "@/lib/testing/database";
import { createAccount, createBillingProfile } from "@/lib/testing/factories";
import { billingProfileSchema } from "./billing-profile-schema";
import { toBillingProfileView } from "./billing-profile-view";
import { checkBillingProfile, isProfileComplete } from "./check-billing-profile";
import { getBillingProfile } from "./get-billing-profile";
import { upsertBillingProfile } from "./upsert-billing-profile";
import { httpStatusOf } from "@/lib/api/http-status";

const withCheck = (first14: string) => first14 + gstinCheckChar(first14);
const KA_GSTIN = withCheck("29AAACK1234L1Z");
const MH_GSTIN = withCheck("27AAACK1234L1Z");
const wrongCheck = (g: string) => g.slice(0, 14) + (g[14] === "A" ? "B" : "A");

const valid = {
  legal_name: "  Acme Software Private Limited ",
  address_line1: "42, 2nd Cross, Indiranagar",
  city: "Bengaluru",
  postal_code: "560038",
  state_code: "29",
  phone: "+91 98450 12345",
  email: "Accounts@Acme.Example",
  gstin: KA_GSTIN.toLowerCase(),
};

const issue = (input: unknown) => {
  const parsed = billingProfileSchema.safeParse(input);
  if (parsed.success) return null;
  return zodToAppError(parsed.error, "body");
};

describeWithDatabase("billing profile", (ctx) => {
  it("normalises input: trims, upper-cases the GSTIN, lower-cases the email, stores the phone as 10 digits", () => {
    expect(billingProfileSchema.parse(valid)).toEqual({
      legal_name: "Acme Software Private Limited",
      address_line1: "42, 2nd Cross, Indiranagar",
      address_line2: null,
      city: "Bengaluru",
      postal_code: "560038",
      state_code: "29",
      phone: "9845012345",
      email: "accounts@acme.example",
      gstin: KA_GSTIN,
    });
    expect(billingProfileSchema.parse({ ...valid, gstin: "" }).gstin).toBeNull();
    expect(billingProfileSchema.parse({ ...valid, gstin: null }).gstin).toBeNull();
    const { gstin: _omit, ...noGstin } = valid;
    expect(billingProfileSchema.parse(noGstin).gstin).toBeNull();
    for (const phone of ["9845012345", "+919845012345", "919845012345", "098450-12345", "(080) 2345 6789"]) {
      expect(billingProfileSchema.safeParse({ ...valid, phone }).success, phone).toBe(true);
    }
  });

  it.each([
    ["bad GSTIN check character", { gstin: wrongCheck(KA_GSTIN) }, "gstin", /check character/],
    ["GSTIN of another state", { gstin: MH_GSTIN }, "gstin", /registered in Maharashtra \(27\).*billing state is Karnataka \(29\)/],
    ["GSTIN with a bad format", { gstin: "29AAACK1234L1X5" }, "gstin", /15 characters/],
    ["GSTIN too short", { gstin: "29AAACK1234" }, "gstin", /15 characters/],
    ["5-digit PIN", { postal_code: "56003" }, "postal_code", /6-digit/],
    ["PIN starting with 0", { postal_code: "060038" }, "postal_code", /6-digit/],
    ["PIN with letters", { postal_code: "56OO38" }, "postal_code", /6-digit/],
    ["unknown state", { state_code: "99" }, "state_code", /state/i],
    ["state as a name", { state_code: "Karnataka" }, "state_code", /state/i],
    ["9-digit phone", { phone: "984501234" }, "phone", /10-digit/],
    ["foreign phone", { phone: "+1 415 555 0100" }, "phone", /10-digit/],
    ["bad email", { email: "not-an-email" }, "email", /email/],
    ["blank legal name", { legal_name: "   " }, "legal_name", /required/],
    ["unknown field", { pan: "AAACK1234L" }, "pan", /Unknown field/],
  ])("rejects %s with a 400 naming the field", (_label, patch, field, message) => {
    const error = issue({ ...valid, ...patch });
    expect(error).not.toBeNull();
    expect(httpStatusOf(error!.code)).toBe(400);
    expect((error!.details as { issues: { path: string }[] }).issues.map((i) => i.path)).toContain(field);
    expect(error!.message).toMatch(message);
  });

  it("a missing required field → 400 naming it, with the form's wording", () => {
    const { city: _city, ...rest } = valid;
    expect(issue(rest)).toMatchObject({ code: "invalid_request", message: "city: City is required." });
  });

  it("GET before any PUT is null and incomplete; upsert creates, then replaces", async () => {
    const { accountId } = await createAccount(ctx.db);
    expect(await getBillingProfile(ctx.db, accountId)).toBeNull();
    expect(isProfileComplete(null)).toBe(false);
    expect(checkBillingProfile(await getBillingProfile(ctx.db, accountId))).toMatchObject({ ok: false, missing: true });

    const created = await upsertBillingProfile(ctx.db, accountId, billingProfileSchema.parse(valid));
    expect(created).toMatchObject({ accountId, legalName: "Acme Software Private Limited", gstin: KA_GSTIN, phone: "9845012345" });
    expect(isProfileComplete(created)).toBe(true);
    expect(toBillingProfileView(created)).toMatchObject({ state_code: "29", state_name: "Karnataka", gstin: KA_GSTIN, address_line2: null });

    const replaced = await upsertBillingProfile(
      ctx.db,
      accountId,
      billingProfileSchema.parse({ ...valid, state_code: "27", gstin: MH_GSTIN, address_line2: "Floor 3", city: "Pune", postal_code: "411001" }),
    );
    expect(replaced).toMatchObject({ stateCode: "27", gstin: MH_GSTIN, addressLine2: "Floor 3", city: "Pune" });
    const cleared = await upsertBillingProfile(ctx.db, accountId, billingProfileSchema.parse({ ...valid, gstin: null }));
    expect(cleared).toMatchObject({ stateCode: "29", gstin: null, addressLine2: null });
    expect(checkBillingProfile(await getBillingProfile(ctx.db, accountId))).toMatchObject({ ok: true, profile: { accountId } });
  });

  it("the service re-validates input that did not come through the schema", async () => {
    const { accountId } = await createAccount(ctx.db);
    const bad = { ...billingProfileSchema.parse(valid), gstin: MH_GSTIN };
    await expect(upsertBillingProfile(ctx.db, accountId, bad)).rejects.toMatchObject({ code: "invalid_request" });
    expect(await getBillingProfile(ctx.db, accountId)).toBeNull();
  });

  it("a stored row that no longer passes the schema counts as incomplete", async () => {
    const { accountId } = await createAccount(ctx.db);
    const row = await createBillingProfile(ctx.db, accountId, { postalCode: "12" });
    expect(isProfileComplete(row)).toBe(false);
    expect(checkBillingProfile(await getBillingProfile(ctx.db, accountId))).toEqual({
      ok: false,
      missing: false,
      problems: [{ field: "postal_code", message: "Enter a 6-digit Indian PIN code (e.g. 560001)." }],
    });
  });
});
