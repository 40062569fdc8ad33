import { describe, expect, it } from "vitest";
import { parseEnv } from "@/lib/config/env";
import { checkOrigin } from "./check-origin";
import { errorResponse } from "./map-error";

const env = parseEnv({ APP_URL: "https://billing.khata.example", TRUSTED_ORIGINS: "https://khata.example, http://localhost:3000" });

function write(headers: Record<string, string>, url = "https://billing.khata.example/api/v1/accounts"): Request {
  return new Request(url, { method: "POST", headers });
}

/** checkOrigin as the wrapper answers it: nothing (accepted) or the error envelope. */
async function answer(request: Request): Promise<{ status: number; body: { success: boolean; error: { code: string; status: number } } } | "accepted"> {
  try {
    checkOrigin(request, env);
    return "accepted";
  } catch (error) {
    const response = errorResponse(error, "req-1");
    return { status: response.status, body: (await response.json()) as never };
  }
}

describe("checkOrigin (CSRF for cookie-authenticated writes)", () => {
  it("refuses an Origin that matches the request's own spoofed Host and X-Forwarded-Proto but not APP_URL", async () => {
    const spoofed = write(
      { origin: "https://evil.example", host: "evil.example", "x-forwarded-proto": "https", "x-forwarded-host": "evil.example" },
      "https://evil.example/api/v1/accounts",
    );
    expect(await answer(spoofed)).toEqual({
      status: 403,
      body: { success: false, error: expect.objectContaining({ code: "csrf_rejected", status: 403 }) },
    });
  });

  it("refuses a plain-http Origin on APP_URL's host even when X-Forwarded-Proto says http", async () => {
    expect(await answer(write({ origin: "http://billing.khata.example", "x-forwarded-proto": "http" }))).toMatchObject({ status: 403 });
  });

  it.each([[undefined], ["null"], [""], ["https://billing.khata.example.evil.example"], ["https://billing.khata.example/"]])(
    "refuses Origin %s",
    async (origin) => {
      expect(await answer(write(origin === undefined ? {} : { origin }))).toMatchObject({ status: 403, body: { error: { code: "csrf_rejected" } } });
    },
  );

  it("accepts APP_URL's origin and each TRUSTED_ORIGINS origin", async () => {
    expect(await answer(write({ origin: "https://billing.khata.example", host: "internal:3000" }))).toBe("accepted");
    expect(await answer(write({ origin: "https://khata.example" }))).toBe("accepted");
    expect(await answer(write({ origin: "http://localhost:3000" }))).toBe("accepted");
  });
});
