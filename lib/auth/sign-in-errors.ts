/** What the sign-in page says for the `?error=` codes Auth.js sends back (unknown codes get the generic line). */
export function signInErrorMessage(code: string | null): string | null {
  if (!code) return null;
  if (code === "AccessDenied") {
    return "GitHub or Google did not confirm a verified email address for that login, so Khata can't sign you in with it. Verify the address with the provider, or sign in with your email and password.";
  }
  if (code === "CredentialsSignin") return null; // the form shows its own message
  return "Signing in with that provider didn't work. Try again, or sign in with your email and password.";
}
