import { describe, expect, it, vi } from "vitest";

describe("Cashfree errors: instanceof across copies of the module", () => {
  it("an error built by another copy of errors.ts is an instance of this copy's classes, by kind", async () => {
    const here = await import("./errors");
    vi.resetModules();
    const other = await import("./errors");
    expect(other.CashfreeApiError).not.toBe(here.CashfreeApiError);

    const api = new other.CashfreeApiError({ status: 409, code: "plan_id_already_exists", type: "invalid_request_error", message: "exists", requestId: "r1" });
    expect(api instanceof here.CashfreeApiError).toBe(true);
    expect(api instanceof here.CashfreeError).toBe(true);
    expect(api instanceof Error).toBe(true);
    expect(api instanceof here.CashfreeNetworkError).toBe(false);
    expect(api instanceof here.CashfreeResponseError).toBe(false);
    expect(api).toMatchObject({ status: 409, code: "plan_id_already_exists", requestId: "r1", name: "CashfreeApiError" });

    const network = new other.CashfreeNetworkError("down", { requestId: "r2", attempts: 3 });
    expect(network instanceof here.CashfreeNetworkError).toBe(true);
    expect(network instanceof here.CashfreeError).toBe(true);
    expect(network instanceof here.CashfreeApiError).toBe(false);

    expect(new Error("plain") instanceof here.CashfreeError).toBe(false);
    expect((null as unknown) instanceof here.CashfreeError).toBe(false);
    expect({ name: "CashfreeApiError", status: 409 } instanceof here.CashfreeApiError).toBe(false);
    // Own JSON and keys unchanged: the marker is not enumerable.
    expect(Object.keys(api).sort()).toEqual(["code", "name", "requestId", "status", "type"]);
  });
});
