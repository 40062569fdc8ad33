import { expect, it } from "vitest";
import { signInErrorMessage } from "./sign-in-errors";

it.each([
  [null, null],
  ["AccessDenied", /verified email address/],
  ["CredentialsSignin", null],
  ["OAuthCallbackError", /didn't work/],
  ["Configuration", /didn't work/],
])("error %s", (code, expected) => {
  const message = signInErrorMessage(code);
  if (expected === null) expect(message).toBeNull();
  else expect(message).toMatch(expected);
});
