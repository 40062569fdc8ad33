// A stand-in for GitHub's OAuth endpoints (as GitHub Enterprise Server lays them out), so the e2e suite can run
// the real Auth.js round trip offline: authorize → callback → token → /user → /user/emails.
// Test-only; started by scripts/e2e.mjs on 127.0.0.1. The next sign-in's GitHub user is chosen with
// POST /__control/next-user {login, name, emails: [{email, primary, verified}]}.
import http from "node:http";
import { randomBytes } from "node:crypto";

const port = Number(process.env.FAKE_GITHUB_PORT ?? 4020);
const DEFAULT_USER = { login: "octo", name: "Octo Cat", emails: [{ email: "octo@e2e.khata.test", primary: true, verified: true }] };
let nextUser = DEFAULT_USER;
let nextId = 1000;
const codes = new Map(); // code → user
const tokens = new Map(); // access token → user

const json = (res, status, body) => {
  res.writeHead(status, { "content-type": "application/json" });
  res.end(JSON.stringify(body));
};
const readBody = (req) =>
  new Promise((resolve) => {
    let data = "";
    req.on("data", (c) => (data += c));
    req.on("end", () => resolve(data));
  });

const server = http.createServer(async (req, res) => {
  const url = new URL(req.url ?? "/", `http://127.0.0.1:${port}`);
  if (req.method === "POST" && url.pathname === "/__control/next-user") {
    const body = JSON.parse((await readBody(req)) || "{}");
    nextUser = { ...DEFAULT_USER, ...body };
    return json(res, 200, { ok: true });
  }
  if (req.method === "GET" && url.pathname === "/login/oauth/authorize") {
    const redirectUri = url.searchParams.get("redirect_uri");
    if (!redirectUri) return json(res, 400, { error: "redirect_uri missing" });
    const code = randomBytes(12).toString("hex");
    codes.set(code, { ...nextUser, id: nextId++ });
    nextUser = DEFAULT_USER;
    const back = new URL(redirectUri);
    back.searchParams.set("code", code);
    const state = url.searchParams.get("state");
    if (state) back.searchParams.set("state", state);
    res.writeHead(302, { location: back.toString() });
    return res.end();
  }
  if (req.method === "POST" && url.pathname === "/login/oauth/access_token") {
    const form = new URLSearchParams(await readBody(req));
    const user = codes.get(form.get("code") ?? "");
    if (!user) return json(res, 400, { error: "bad_verification_code" });
    codes.delete(form.get("code"));
    const token = `gho_${randomBytes(12).toString("hex")}`;
    tokens.set(token, user);
    return json(res, 200, { access_token: token, token_type: "bearer", scope: "read:user,user:email" });
  }
  const user = tokens.get((req.headers.authorization ?? "").replace(/^Bearer /, ""));
  if (req.method === "GET" && (url.pathname === "/api/v3/user" || url.pathname === "/api/v3/user/emails")) {
    if (!user) return json(res, 401, { message: "Bad credentials" });
    if (url.pathname === "/api/v3/user") return json(res, 200, { id: user.id, login: user.login, name: user.name, email: null, avatar_url: null });
    return json(res, 200, user.emails);
  }
  json(res, 404, { message: "Not Found" });
});
server.listen(port, "127.0.0.1", () => console.log(`fake GitHub listening on http://127.0.0.1:${port}`));
