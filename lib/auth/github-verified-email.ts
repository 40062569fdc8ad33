/**
 * GitHub sign-in may link to an existing Khata user by email, so the email must be one GitHub has verified.
 * Auth.js's GitHub provider takes the public profile email, or else the primary address from /user/emails
 * without looking at `verified`. This asks /user/emails always (scope user:email) and keeps only the primary
 * address if it is verified; anything else leaves the profile without an email, and sign-in is refused.
 */
export interface GitHubEmail {
  email: string;
  primary: boolean;
  verified: boolean;
}

export function verifiedPrimaryEmail(emails: unknown): string | null {
  if (!Array.isArray(emails)) return null;
  const primary = (emails as Partial<GitHubEmail>[]).find((e) => e?.primary === true);
  if (!primary || primary.verified !== true || typeof primary.email !== "string" || !primary.email.includes("@")) return null;
  return primary.email.toLowerCase();
}

/** github.com, or a GitHub Enterprise Server (whose API lives under /api/v3). */
export function githubUrls(enterpriseUrl: string | undefined): { enterprise?: { baseUrl: string }; apiBaseUrl: string } {
  if (!enterpriseUrl) return { apiBaseUrl: "https://api.github.com" };
  const baseUrl = enterpriseUrl.replace(/\/$/, "");
  return { enterprise: { baseUrl }, apiBaseUrl: `${baseUrl}/api/v3` };
}

/** The userinfo request for the GitHub provider: the profile with `email` set only to a verified primary address. */
export function githubUserinfoRequest(apiBaseUrl: string) {
  return async ({ tokens }: { tokens: { access_token?: string } }) => {
    const headers = { Authorization: `Bearer ${tokens.access_token ?? ""}`, "User-Agent": "khata", Accept: "application/vnd.github+json" };
    const profileResponse = await fetch(`${apiBaseUrl}/user`, { headers });
    if (!profileResponse.ok) throw new Error(`GitHub /user answered ${profileResponse.status}`);
    const profile = (await profileResponse.json()) as Record<string, unknown>;
    const emailsResponse = await fetch(`${apiBaseUrl}/user/emails`, { headers });
    const email = emailsResponse.ok ? verifiedPrimaryEmail(await emailsResponse.json()) : null;
    return { ...profile, email, email_verified: email !== null };
  };
}
