import type { Env } from "@/lib/config/env";

export type OAuthProviderId = "github" | "google";

/** OAuth providers switch on only when both their id and secret are configured. */
export function oauthProvidersFor(env: Pick<Env, "AUTH_GITHUB_ID" | "AUTH_GITHUB_SECRET" | "AUTH_GOOGLE_ID" | "AUTH_GOOGLE_SECRET">): OAuthProviderId[] {
  const list: OAuthProviderId[] = [];
  if (env.AUTH_GITHUB_ID && env.AUTH_GITHUB_SECRET) list.push("github");
  if (env.AUTH_GOOGLE_ID && env.AUTH_GOOGLE_SECRET) list.push("google");
  return list;
}
