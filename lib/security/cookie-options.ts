import { getEnv } from "@/lib/config/env";

/** True when the app's public URL is https: every cookie is then `Secure` and Auth.js uses `__Secure-` names. */
export function servedOverHttps(appUrl: string): boolean {
  return new URL(appUrl).protocol === "https:";
}

export interface AppCookieOptions {
  httpOnly: true;
  sameSite: "lax";
  path: "/";
  secure: boolean;
}

/** Options for the app's own cookies (the active-account choice): never readable by scripts, Secure over https. */
export function appCookieOptions(appUrl: string = getEnv().APP_URL): AppCookieOptions {
  return { httpOnly: true, sameSite: "lax", path: "/", secure: servedOverHttps(appUrl) };
}
