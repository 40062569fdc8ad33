// Every page (not /api): a fresh nonce and the Content-Security-Policy that allows only scripts carrying it.
import { NextResponse, type NextRequest } from "next/server";
import { parseBuildEnv } from "@/lib/config/env";
import { contentSecurityPolicy, generateNonce } from "@/lib/security/csp";

export function proxy(request: NextRequest): NextResponse {
  const nonce = generateNonce();
  // The non-secret settings only (a few fields through zod, microseconds): the policy follows the running config.
  const csp = contentSecurityPolicy(parseBuildEnv(process.env), nonce);
  // Next reads the nonce from the request's CSP header and puts it on its own scripts; x-nonce is for our code.
  const requestHeaders = new Headers(request.headers);
  requestHeaders.set("x-nonce", nonce);
  requestHeaders.set("Content-Security-Policy", csp);
  const response = NextResponse.next({ request: { headers: requestHeaders } });
  response.headers.set("Content-Security-Policy", csp);
  return response;
}

export const config = {
  // Pages only. Not for built assets, which run no policy of their own and are cached across requests. Not for
  // /api/*: Next copies (reads) a request's whole body before a proxy runs, which would defeat the API's streamed
  // body limit, and JSON and PDFs run no script; API responses get a fixed CSP from next.config.mjs instead.
  matcher: ["/((?!api/|_next/static|_next/image|favicon.ico|icon.svg).*)"],
};
