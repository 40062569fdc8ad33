import { describe, expect, it } from "vitest";
import { humanApiMessage } from "./human-error";

describe("humanApiMessage", () => {
  it.each([
    [{ code: "invalid_request", message: "monthly_limit must be a whole number of credits from 0 to 1000000000, or null to remove the cap." }, { monthly_limit: "Monthly cap" }, "The monthly cap must be a whole number of credits from 0 to 1000000000, or null to remove the cap."],
    [{ code: "invalid_request", message: "url: the URL must use https" }, { url: "Endpoint URL" }, "Endpoint URL: it must use https"],
    [{ code: "invalid_request", message: "percent_off: must be at most 100" }, { percent_off: "Percent off" }, "Percent off: must be at most 100"],
    [{ code: "internal_error", message: "boom at line 3" }, {}, "Something went wrong on our side. Try again in a moment."],
    [{ code: "not_found", message: "order does not exist." }, {}, "Order does not exist."],
  ])("%o → %s", (error, labels, expected) => {
    expect(humanApiMessage(error, labels)).toBe(expected);
  });
});
