// npm run bench:sign-in-abuse – anonymous sign-in floods against `next start` (TRUSTED_PROXY_COUNT=1, the bench
// playing the proxy by setting X-Forwarded-For) while a legitimate user signs in from another IP with the right
// password (a full-cost scrypt hash). Baseline: the same legitimate sign-in with no attack, same run.
//   Phase "one IP": each round fires 100 concurrent sign-ins for unknown emails from 203.0.113.66 and, at the
//   same moment, one legitimate sign-in; 10 rounds. The attacker reuses one CSRF token a round, as a script would. Phase "100 IPs": the same burst spread over 100 addresses
//   (each within its own per-IP budget), which only the global hash cap stops: reported, not a target.
import { hashPassword } from "../lib/auth/password.ts";
import { appEnv, ensureBuild, freshDatabase, percentiles, runBench, startApp, writeResult } from "./lib/harness.mjs";

const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 10);
const BURST = 100;
const LEGIT_IP = "198.51.100.7";
const ATTACKER_IP = "203.0.113.66";
const LEGIT = { email: "legit@bench.test", password: "the-legit-password-123" };

/** Auth.js's CSRF token and the cookie it is bound to. */
async function csrfFor(baseUrl, ip) {
  const csrfRes = await fetch(`${baseUrl}/api/auth/csrf`, { headers: { "x-forwarded-for": ip } });
  const cookie = csrfRes.headers.getSetCookie().map((c) => c.split(";")[0]).join("; ");
  const { csrfToken } = await csrfRes.json();
  return { cookie, csrfToken };
}

/**
 * One sign-in through Auth.js's credentials callback, timed from the CSRF fetch (a fresh one unless `csrf` is
 * given: a script reuses one token for all its guesses, as the attacker here does).
 */
async function signInOnce(baseUrl, { email, password, ip, csrf }) {
  const started = performance.now();
  const headers = { "x-forwarded-for": ip };
  const { cookie, csrfToken } = csrf ?? (await csrfFor(baseUrl, ip));
  const res = await fetch(`${baseUrl}/api/auth/callback/credentials`, {
    method: "POST",
    redirect: "manual",
    headers: { ...headers, "content-type": "application/x-www-form-urlencoded", cookie, origin: baseUrl },
    body: new URLSearchParams({ csrfToken, email, password }).toString(),
    signal: AbortSignal.timeout(30_000),
  });
  await res.arrayBuffer();
  const signedIn = res.headers.getSetCookie().some((c) => c.includes("session-token="));
  return { ms: performance.now() - started, status: res.status, signedIn };
}

const tally = (results) => results.reduce((acc, r) => ((acc[r.status] = (acc[r.status] ?? 0) + 1), acc), {});

async function burst(baseUrl, round, ipOf) {
  const csrf = await csrfFor(baseUrl, ipOf(0));
  const attack = Array.from({ length: BURST }, (_, i) =>
    signInOnce(baseUrl, { email: `nobody-${round}-${i}@bench.test`, password: "guess-123456", ip: ipOf(i), csrf }).catch(() => ({ status: "error", ms: 0 })),
  );
  const legit = signInOnce(baseUrl, { ...LEGIT, ip: LEGIT_IP });
  const [l, ...a] = await Promise.all([legit, ...attack]);
  return { legit: l, attack: a };
}

const summary = (samples) => {
  const p = percentiles(samples.map((s) => s.ms));
  const sorted = samples.map((s) => s.ms).sort((x, y) => x - y);
  const p95 = sorted[Math.min(sorted.length - 1, Math.ceil(0.95 * sorted.length) - 1)];
  return { n: p.n, p50: +p.p50.toFixed(0), p95: +p95.toFixed(0), max: +p.max.toFixed(0), signedIn: samples.filter((s) => s.signedIn).length };
};

await runBench(async (onCleanup) => {
  ensureBuild();
  const db = await freshDatabase("sign_in_abuse");
  onCleanup(() => db.drop());
  const hash = await hashPassword(LEGIT.password);
  await db.sql`insert into users (id, email, name, password_hash, email_verified_at) values ('usr_bench_legit', ${LEGIT.email}, 'Legit', ${hash}, now())`;
  const app = await startApp(appEnv(db.url, { TRUSTED_PROXY_COUNT: "1" }));
  onCleanup(() => app.stop());

  // Warm-up (route compilation, the dummy hash, the pool), then the baseline: no attack.
  for (let i = 0; i < 2; i++) await signInOnce(app.url, { ...LEGIT, ip: LEGIT_IP });
  const baseline = [];
  for (let i = 0; i < ROUNDS; i++) baseline.push(await signInOnce(app.url, { ...LEGIT, ip: LEGIT_IP }));

  const oneIp = { legit: [], attack: {} };
  for (let round = 0; round < ROUNDS; round++) {
    const r = await burst(app.url, `a${round}`, () => ATTACKER_IP);
    oneIp.legit.push(r.legit);
    for (const [k, v] of Object.entries(tally(r.attack))) oneIp.attack[k] = (oneIp.attack[k] ?? 0) + v;
  }

  const manyIps = { legit: [], attack: {} };
  for (let round = 0; round < 3; round++) {
    const r = await burst(app.url, `b${round}`, (i) => `192.0.2.${(round * 100 + i) % 250 + 1}`);
    manyIps.legit.push(r.legit);
    for (const [k, v] of Object.entries(tally(r.attack))) manyIps.attack[k] = (manyIps.attack[k] ?? 0) + v;
  }

  const results = {
    baseline: summary(baseline),
    oneIp: { legit: summary(oneIp.legit), legitStatuses: tally(oneIp.legit), attackStatuses: oneIp.attack },
    manyIps: { legit: summary(manyIps.legit), legitStatuses: tally(manyIps.legit), attackStatuses: manyIps.attack },
  };
  const acceptance = {
    legitP50Ms: results.oneIp.legit.p50,
    baselineP50Ms: results.baseline.p50,
    ratio: +(results.oneIp.legit.p50 / results.baseline.p50).toFixed(2),
    meets: results.oneIp.legit.p50 <= 2000 && results.oneIp.legit.signedIn === ROUNDS,
  };
  const row = (label, s, extra) => `| ${label} | ${s.n} | ${s.p50} | ${s.p95} | ${s.max} | ${s.signedIn}/${s.n} | ${extra} |`;
  const md = [
    `### Sign-in under attack (\`npm run bench:sign-in-abuse\`, ${ROUNDS} rounds, ${BURST} concurrent anonymous sign-ins a round)`,
    "",
    "| legitimate sign-in (csrf + credentials POST) | n | p50 ms | p95 ms | max ms | signed in | attacker answers |",
    "| --- | --- | --- | --- | --- | --- | --- |",
    row("baseline: no attack", results.baseline, "—"),
    row(`during 100-request bursts from one IP`, results.oneIp.legit, JSON.stringify(oneIp.attack)),
    row(`during 100-request bursts from 100 IPs (global cap only)`, results.manyIps.legit, `${JSON.stringify(manyIps.attack)}; legit answers ${JSON.stringify(results.manyIps.legitStatuses)}`),
    "",
    `Legitimate sign-in p50 under the one-IP attack: **${acceptance.legitP50Ms} ms** (target ≤ 2000 ms) vs ${acceptance.baselineP50Ms} ms without attack (×${acceptance.ratio}).`,
    "",
  ].join("\n");
  console.log(`\n${md}`);
  writeResult("sign-in-abuse", { rounds: ROUNDS, burst: BURST, results, acceptance }, md);
});
