// A bare Node HTTP server hosting the app's real /api/v1 route handlers (apiRoute: auth, policy, zod, the service)
// in its own process, for benchmarks that measure that process (peak RSS of an export) without a Next build.
// Routes: /api/v1/exports/:kind, /api/v1/credits/ledger, /api/v1/balance. Prints the port on stdout.
import http from "node:http";
import { Readable } from "node:stream";
import { GET as balance } from "../../app/api/v1/balance/route";
import { GET as ledger } from "../../app/api/v1/credits/ledger/route";
import { GET as exportKind } from "../../app/api/v1/exports/[kind]/route";

type Handler = (request: Request, context?: never) => Promise<Response>;

function route(pathname: string): { handler: Handler; params?: Record<string, string> } | null {
  const m = /^\/api\/v1\/exports\/([a-z_]+)$/.exec(pathname);
  if (m) return { handler: exportKind as Handler, params: { kind: m[1]! } };
  if (pathname === "/api/v1/credits/ledger") return { handler: ledger as Handler };
  if (pathname === "/api/v1/balance") return { handler: balance as Handler };
  return null;
}

const server = http.createServer(async (req, res) => {
  const url = new URL(req.url ?? "/", "http://127.0.0.1");
  const found = route(url.pathname);
  if (!found) {
    res.writeHead(404).end();
    return;
  }
  const headers = new Headers();
  for (const [k, v] of Object.entries(req.headers)) if (typeof v === "string") headers.set(k, v);
  const response = await found.handler(new Request(url, { headers }), (found.params ? { params: Promise.resolve(found.params) } : undefined) as never);
  res.writeHead(response.status, Object.fromEntries(response.headers));
  if (!response.body) return void res.end();
  // Backpressure end to end: the web stream is read only as fast as the socket drains.
  Readable.fromWeb(response.body as never).pipe(res);
});

server.listen(0, "127.0.0.1", () => {
  const address = server.address();
  process.stdout.write(`${typeof address === "object" && address ? address.port : 0}\n`);
});
