import { describe, expect, it } from "vitest";
import { GST_STATES, isKnownStateCode, SELECTABLE_GST_STATES, stateName, stateTaxLabel } from "./states";

describe("GST state codes", () => {
  it.each<[string, string]>([
    ["01", "Jammu and Kashmir"],
    ["04", "Chandigarh"],
    ["07", "Delhi"],
    ["09", "Uttar Pradesh"],
    ["19", "West Bengal"],
    ["24", "Gujarat"],
    ["26", "Dadra and Nagar Haveli and Daman and Diu"],
    ["27", "Maharashtra"],
    ["29", "Karnataka"],
    ["32", "Kerala"],
    ["33", "Tamil Nadu"],
    ["36", "Telangana"],
    ["37", "Andhra Pradesh"],
    ["38", "Ladakh"],
    ["97", "Other Territory"],
  ])("%s → %s", (code, name) => {
    expect(isKnownStateCode(code)).toBe(true);
    expect(stateName(code)).toBe(name);
  });

  it.each(["00", "39", "96", "98", "99", "1", "001", "", "ab"])("unknown code %j", (code) => {
    expect(isKnownStateCode(code)).toBe(false);
    expect(() => stateName(code)).toThrow(RangeError);
  });

  it("has unique two-digit codes covering 01–38 and 97", () => {
    const codes = GST_STATES.map((s) => s.code);
    expect(new Set(codes).size).toBe(codes.length);
    for (const c of codes) expect(c).toMatch(/^\d{2}$/);
    for (let i = 1; i <= 38; i++) expect(codes).toContain(String(i).padStart(2, "0"));
    expect(codes).toContain("97");
  });

  it("hides legacy codes from pickers", () => {
    const selectable = SELECTABLE_GST_STATES.map((s) => s.code);
    expect(selectable).not.toContain("25");
    expect(selectable).not.toContain("28");
    expect(selectable).toContain("37");
    expect(selectable).toHaveLength(GST_STATES.length - 2);
  });

  it.each<[string, "SGST" | "UTGST"]>([
    ["29", "SGST"],
    ["07", "SGST"], // Delhi has a legislature
    ["34", "SGST"], // Puducherry has a legislature
    ["01", "SGST"], // J&K has a legislature
    ["04", "UTGST"],
    ["26", "UTGST"],
    ["31", "UTGST"],
    ["35", "UTGST"],
    ["38", "UTGST"],
  ])("state tax label for %s is %s", (code, label) => {
    expect(stateTaxLabel(code)).toBe(label);
  });
});
