import NextAuth, { type NextAuthConfig } from "next-auth";
import Credentials from "next-auth/providers/credentials";
import GitHub from "next-auth/providers/github";
import Google from "next-auth/providers/google";
import { getEnv } from "@/lib/config/env";
import { getDb } from "@/lib/db";
import { signInSchema } from "@/lib/accounts/schemas";
import { authenticatePassword } from "@/lib/accounts/authenticate-password";
import { findOrCreateOAuthUser } from "@/lib/accounts/find-or-create-oauth-user";
import { githubUrls, githubUserinfoRequest } from "./github-verified-email";
import { oauthProvidersFor, type OAuthProviderId } from "./oauth-providers";
import { servedOverHttps } from "@/lib/security/cookie-options";
import { authLogger } from "./auth-logger";
import { clientIp } from "@/lib/security/client-ip";
import { throwIfRefused } from "./sign-in-refusals";

export { TOO_MANY_SIGN_IN_ATTEMPTS } from "./sign-in-refusals";

/** OAuth providers switch on only when their credentials are configured. */
export function enabledOAuthProviders(): OAuthProviderId[] {
  return oauthProvidersFor(getEnv());
}

function buildConfig(): NextAuthConfig {
  const env = getEnv();
  const providers: NextAuthConfig["providers"] = [
    Credentials({
      credentials: { email: { label: "Email", type: "email" }, password: { label: "Password", type: "password" } },
      // Both doors (the sign-in form's server action and a direct POST /api/auth/callback/credentials) end here,
      // with the caller's headers: the per-IP budget applies to both.
      async authorize(raw, request) {
        const parsed = signInSchema.safeParse({ email: raw?.email, password: raw?.password });
        if (!parsed.success) return null;
        const network = { ip: clientIp(request.headers, env.TRUSTED_PROXY_COUNT) };
        const result = await authenticatePassword(await getDb(), parsed.data, { network });
        throwIfRefused(result);
        return result.status === "ok" ? { id: result.user.id, email: result.user.email, name: result.user.name } : null;
      },
    }),
  ];
  const oauth = oauthProvidersFor(env);
  if (oauth.includes("github")) {
    const { enterprise, apiBaseUrl } = githubUrls(env.AUTH_GITHUB_ENTERPRISE_URL);
    providers.push(
      GitHub({
        clientId: env.AUTH_GITHUB_ID,
        clientSecret: env.AUTH_GITHUB_SECRET,
        enterprise,
        userinfo: { url: `${apiBaseUrl}/user`, request: githubUserinfoRequest(apiBaseUrl) },
      }),
    );
  }
  if (oauth.includes("google")) providers.push(Google({ clientId: env.AUTH_GOOGLE_ID, clientSecret: env.AUTH_GOOGLE_SECRET }));
  return {
    secret: env.AUTH_SECRET,
    trustHost: true,
    // An https APP_URL forces Secure, __Secure-/__Host- prefixed cookies even behind a proxy that forwards plain http;
    // otherwise Auth.js decides from the request's protocol.
    useSecureCookies: servedOverHttps(env.APP_URL) || undefined,
    logger: authLogger(),
    session: { strategy: "jwt", maxAge: env.SESSION_MAX_AGE_SECONDS },
    // Provider errors (e.g. a refused OAuth sign-in) come back to the sign-in page as ?error=<code>.
    pages: { signIn: "/sign-in", error: "/sign-in" },
    providers,
    callbacks: {
      async signIn({ account, profile }) {
        if (!account || account.provider === "credentials") return true;
        // Only an email the provider has verified may create or link to a Khata user (GitHub: the verified
        // primary address, see github-verified-email.ts; Google: email_verified).
        const email = typeof profile?.email === "string" ? profile.email : "";
        return email.includes("@") && profile?.email_verified === true;
      },
      async jwt({ token, user, account, profile }) {
        if (account && account.provider !== "credentials") {
          const email = String(profile?.email ?? user?.email ?? "").toLowerCase();
          const dbUser = await findOrCreateOAuthUser(await getDb(), { email, name: String(profile?.name ?? user?.name ?? email) });
          token.sub = dbUser.id;
        } else if (user?.id) {
          token.sub = user.id;
        }
        return token;
      },
      session({ session, token }) {
        if (token.sub) session.user.id = token.sub;
        return session;
      },
    },
  };
}

export const { handlers, auth, signIn, signOut } = NextAuth(() => buildConfig());

/** The signed-in user's id from the session cookie, or null. Roles are never read from the token. */
export async function currentUserId(): Promise<string | null> {
  const session = await auth();
  return session?.user?.id ?? null;
}
