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
import { startSession } from "@/lib/accounts/start-session";
import { endSession } from "@/lib/accounts/end-sessions";
import { findSessionUser, type SessionClaim } from "@/lib/accounts/session-user";
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
        let userId: string | undefined;
        if (account && account.provider !== "credentials") {
          const email = String(profile?.email ?? user?.email ?? "").toLowerCase();
          const dbUser = await findOrCreateOAuthUser(await getDb(), { email, name: String(profile?.name ?? user?.name ?? email) });
          userId = dbUser.id;
        } else if (user?.id) {
          userId = user.id;
        }
        // Only at sign-in (Auth.js passes `user` then): the cookie names a session row, which every request re-reads.
        if (userId) {
          token.sub = userId;
          token.sid = await startSession(await getDb(), { userId, maxAgeSeconds: env.SESSION_MAX_AGE_SECONDS });
        }
        return token;
      },
      session({ session, token }) {
        if (token.sub) session.user.id = token.sub;
        // Not a credential: without AUTH_SECRET nobody can mint a cookie carrying it.
        if (typeof token.sid === "string") (session as SessionWithId).sessionId = token.sid;
        return session;
      },
    },
    events: {
      // Also covers a direct POST /api/auth/signout: the session row goes, so a copy of the cookie is refused too.
      async signOut(message) {
        const token = "token" in message ? message.token : null;
        if (typeof token?.sub === "string" && typeof token.sid === "string") {
          await endSession(await getDb(), { userId: token.sub, sessionId: token.sid });
        }
      },
    },
  };
}

interface SessionWithId {
  sessionId?: string;
}

export const { handlers, auth, signIn, signOut } = NextAuth(() => buildConfig());

/**
 * What the session cookie claims (user and session id), WITHOUT checking that the session still exists: callers
 * pass it to `findSessionUser` / `resolveMember`, which check it in the query that reads the user anyway.
 */
export async function currentSession(): Promise<SessionClaim | null> {
  const session = await auth();
  const userId = session?.user?.id;
  const sessionId = (session as SessionWithId | null)?.sessionId;
  return typeof userId === "string" && typeof sessionId === "string" ? { userId, sessionId } : null;
}

/** The signed-in user's id, or null when there is no cookie or its session has ended. Roles are never read from the token. */
export async function currentUserId(): Promise<string | null> {
  const claim = await currentSession();
  if (!claim) return null;
  return (await findSessionUser(await getDb(), claim))?.id ?? null;
}
