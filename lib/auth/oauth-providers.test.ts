import { expect, it } from "vitest";
import { parseEnv } from "@/lib/config/env";
import { oauthProvidersFor } from "./oauth-providers";

it.each([
  [{}, []],
  [{ AUTH_GITHUB_ID: "id" }, []],
  [{ AUTH_GITHUB_ID: "id", AUTH_GITHUB_SECRET: "s" }, ["github"]],
  [{ AUTH_GOOGLE_ID: "id", AUTH_GOOGLE_SECRET: "s" }, ["google"]],
  [{ AUTH_GITHUB_ID: "a", AUTH_GITHUB_SECRET: "b", AUTH_GOOGLE_ID: "c", AUTH_GOOGLE_SECRET: "d" }, ["github", "google"]],
])("env %j enables %j", (vars, expected) => {
  expect(oauthProvidersFor(parseEnv(vars))).toEqual(expected);
});
