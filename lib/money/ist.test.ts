import { describe, expect, it } from "vitest";
import {
  addOneMonthIst,
  financialYearOf,
  formatIstDate,
  formatIstDateTime,
  isIstMonthKey,
  istDateString,
  istIsoString,
  istMonthKey,
  istMonthRange,
} from "./ist";

const d = (iso: string) => new Date(iso);

describe("istMonthKey / istDateString", () => {
  it.each<[string, string, string]>([
    // [utc instant, IST month key, IST date]
    ["2026-11-23T06:00:00.000Z", "2026-11", "2026-11-23"],
    ["2026-10-31T18:29:59.999Z", "2026-10", "2026-10-31"], // 23:59:59.999 IST
    ["2026-10-31T18:30:00.000Z", "2026-11", "2026-11-01"], // 00:00 IST next day/month
    ["2026-12-31T18:30:00.000Z", "2027-01", "2027-01-01"], // new year in IST while still 31 Dec UTC
    ["2026-12-31T18:29:59.999Z", "2026-12", "2026-12-31"],
    ["2028-02-28T18:30:00.000Z", "2028-02", "2028-02-29"], // leap day
    ["2026-01-01T00:00:00.000Z", "2026-01", "2026-01-01"],
  ])("%s → %s / %s", (iso, month, date) => {
    expect(istMonthKey(d(iso))).toBe(month);
    expect(istDateString(d(iso))).toBe(date);
  });

  it("throws on Invalid Date", () => {
    expect(() => istMonthKey(new Date(Number.NaN))).toThrow(RangeError);
    expect(() => istDateString(new Date("nope"))).toThrow(RangeError);
  });
});

describe("istMonthRange", () => {
  it.each<[string, string, string]>([
    ["2026-11", "2026-10-31T18:30:00.000Z", "2026-11-30T18:30:00.000Z"],
    ["2026-12", "2026-11-30T18:30:00.000Z", "2026-12-31T18:30:00.000Z"],
    ["2027-01", "2026-12-31T18:30:00.000Z", "2027-01-31T18:30:00.000Z"],
    ["2028-02", "2028-01-31T18:30:00.000Z", "2028-02-29T18:30:00.000Z"],
    ["2027-02", "2027-01-31T18:30:00.000Z", "2027-02-28T18:30:00.000Z"],
  ])("%s → [%s, %s)", (key, start, end) => {
    const r = istMonthRange(key);
    expect(r.startUtc.toISOString()).toBe(start);
    expect(r.endUtc.toISOString()).toBe(end);
  });

  it("is consistent with istMonthKey at the edges (half-open)", () => {
    const r = istMonthRange("2026-11");
    expect(istMonthKey(r.startUtc)).toBe("2026-11");
    expect(istMonthKey(new Date(r.endUtc.getTime() - 1))).toBe("2026-11");
    expect(istMonthKey(r.endUtc)).toBe("2026-12");
  });

  it.each(["2026-13", "2026-00", "2026-1", "26-11", "2026/11", "", "2026-11-01"])("rejects %j", (key) => {
    expect(isIstMonthKey(key)).toBe(false);
    expect(() => istMonthRange(key)).toThrow(RangeError);
  });
});

describe("financialYearOf", () => {
  it.each<[string, string, string, string]>([
    ["2027-03-31T18:29:59.999Z", "2627", "2026-03-31T18:30:00.000Z", "2027-03-31T18:30:00.000Z"],
    ["2027-03-31T18:30:00.000Z", "2728", "2027-03-31T18:30:00.000Z", "2028-03-31T18:30:00.000Z"],
    ["2026-03-31T18:30:00.000Z", "2627", "2026-03-31T18:30:00.000Z", "2027-03-31T18:30:00.000Z"],
    ["2026-03-31T18:29:59.999Z", "2526", "2025-03-31T18:30:00.000Z", "2026-03-31T18:30:00.000Z"],
    ["2026-11-23T06:00:00.000Z", "2627", "2026-03-31T18:30:00.000Z", "2027-03-31T18:30:00.000Z"],
    ["2027-01-15T00:00:00.000Z", "2627", "2026-03-31T18:30:00.000Z", "2027-03-31T18:30:00.000Z"],
    ["2099-06-01T00:00:00.000Z", "9900", "2099-03-31T18:30:00.000Z", "2100-03-31T18:30:00.000Z"], // century wrap
    ["2009-06-01T00:00:00.000Z", "0910", "2009-03-31T18:30:00.000Z", "2010-03-31T18:30:00.000Z"],
  ])("%s → FY %s", (iso, fy, start, end) => {
    const r = financialYearOf(d(iso));
    expect(r.fy).toBe(fy);
    expect(r.startUtc.toISOString()).toBe(start);
    expect(r.endUtc.toISOString()).toBe(end);
  });
});

describe("addOneMonthIst", () => {
  it.each<[string, string, string]>([
    // [description, from (UTC), expected (UTC)]
    ["mid-month", "2026-11-23T06:00:00.000Z", "2026-12-23T06:00:00.000Z"],
    ["31 Jan → 28 Feb (non-leap)", "2027-01-31T04:30:00.000Z", "2027-02-28T04:30:00.000Z"],
    ["31 Jan → 29 Feb (leap)", "2028-01-31T04:30:00.000Z", "2028-02-29T04:30:00.000Z"],
    ["30 Jan → 28 Feb", "2027-01-30T04:30:00.000Z", "2027-02-28T04:30:00.000Z"],
    ["31 Mar → 30 Apr", "2027-03-31T04:30:00.000Z", "2027-04-30T04:30:00.000Z"],
    ["29 Feb → 29 Mar", "2028-02-29T04:30:00.000Z", "2028-03-29T04:30:00.000Z"],
    ["December → January next year", "2026-12-15T04:30:00.000Z", "2027-01-15T04:30:00.000Z"],
    ["31 Dec → 31 Jan", "2026-12-31T04:30:00.000Z", "2027-01-31T04:30:00.000Z"],
    // 31 Jan 00:10 IST is 30 Jan 18:40 UTC: the IST date (31st) must drive the clamp, not the UTC date (30th)
    ["IST date differs from UTC date", "2027-01-30T18:40:00.000Z", "2027-02-27T18:40:00.000Z"],
    // 1 Mar 01:00 IST is 28 Feb 19:30 UTC → 1 Apr 01:00 IST
    ["IST 1st of month late UTC", "2027-02-28T19:30:00.000Z", "2027-03-31T19:30:00.000Z"],
    ["keeps milliseconds", "2026-11-23T06:00:00.123Z", "2026-12-23T06:00:00.123Z"],
  ])("%s", (_desc, from, expected) => {
    expect(addOneMonthIst(d(from)).toISOString()).toBe(expected);
  });

  it("31 Jan 23:59 IST → 28 Feb 23:59 IST", () => {
    const from = d("2027-01-31T18:29:00.000Z"); // 31 Jan 23:59 IST
    const to = addOneMonthIst(from);
    expect(istDateString(to)).toBe("2027-02-28");
    expect(formatIstDateTime(to)).toBe("28 Feb 2027, 11:59 PM IST");
  });
});

describe("formatIstDate / formatIstDateTime", () => {
  it.each<[string, string, string]>([
    ["2026-11-23T06:00:00.000Z", "23 Nov 2026", "23 Nov 2026, 11:30 AM IST"],
    ["2026-11-23T08:35:00.000Z", "23 Nov 2026", "23 Nov 2026, 02:05 PM IST"],
    ["2026-10-31T18:30:00.000Z", "01 Nov 2026", "01 Nov 2026, 12:00 AM IST"],
    ["2026-11-01T06:30:00.000Z", "01 Nov 2026", "01 Nov 2026, 12:00 PM IST"],
    ["2026-09-05T18:29:00.000Z", "05 Sep 2026", "05 Sep 2026, 11:59 PM IST"],
    ["2027-03-31T18:29:59.999Z", "31 Mar 2027", "31 Mar 2027, 11:59 PM IST"],
  ])("%s → %s / %s", (iso, date, dateTime) => {
    expect(formatIstDate(d(iso))).toBe(date);
    expect(formatIstDateTime(d(iso))).toBe(dateTime);
  });
});

describe("istIsoString", () => {
  it.each([
    ["2026-12-05T04:30:00.000Z", "2026-12-05T10:00:00+05:30"],
    ["2027-03-31T18:29:59.000Z", "2027-03-31T23:59:59+05:30"],
    ["2027-03-31T18:30:00.000Z", "2027-04-01T00:00:00+05:30"],
  ])("%s → %s (the same instant, written in IST)", (utc, ist) => {
    expect(istIsoString(d(utc))).toBe(ist);
    expect(new Date(ist).getTime()).toBe(d(utc).getTime());
  });
});
