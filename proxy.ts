// Every page: a fresh nonce and the Content-Security-Policy that allows only scripts carrying it.
import { NextResponse, type NextRequest } from "next/server";
import { contentSecurityPolicy, generateNonce } from "@/lib/security/csp";

export function proxy(request: NextRequest): NextResponse {
  const nonce = generateNonce();
  const csp = contentSecurityPolicy(process.env.CASHFREE_ENV ?? "emulator", process.env.CASHFREE_EMULATOR_URL ?? "http://127.0.0.1:4010", nonce);
  // Next reads the nonce from the request's CSP header and puts it on its own scripts; x-nonce is for our code.
  const requestHeaders = new Headers(request.headers);
  requestHeaders.set("x-nonce", nonce);
  requestHeaders.set("Content-Security-Policy", csp);
  const response = NextResponse.next({ request: { headers: requestHeaders } });
  response.headers.set("Content-Security-Policy", csp);
  return response;
}

export const config = {
  // Not for built assets, which run no policy of their own and are cached across requests.
  matcher: ["/((?!_next/static|_next/image|favicon.ico|icon.svg).*)"],
};
