import { randomBytes, scrypt as scryptCb, timingSafeEqual, type ScryptOptions } from "node:crypto";
import { passwordHashGate } from "./hash-gate";

const scrypt = (password: string, salt: Buffer, keylen: number, options: ScryptOptions) =>
  new Promise<Buffer>((resolve, reject) =>
    scryptCb(password, salt, keylen, options, (err, key) => (err ? reject(err) : resolve(key))),
  );

// OWASP's scrypt recommendation (N=2^17, r=8, p=1). Parameters are stored with each hash, so they can rise later.
const DEFAULT = { N: 2 ** 17, r: 8, p: 1 };
const KEY_LENGTH = 32;

type ScryptParams = { N: number; r: number; p: number };

/** Who asks (their IP, when known): the hash gate lets one client hold one place at most. */
export interface HashCaller {
  clientKey?: string | null;
}

async function computeHash(password: string, params: ScryptParams): Promise<string> {
  const salt = randomBytes(16);
  const key = await scrypt(password, salt, KEY_LENGTH, { ...params, maxmem: 256 * params.N * params.r + 1024 * 1024 });
  return `scrypt$${params.N}$${params.r}$${params.p}$${salt.toString("base64")}$${key.toString("base64")}`;
}

/** Through the process's hash gate: throws 429 `too_many_requests` when it is full (lib/auth/hash-gate.ts). */
export function hashPassword(password: string, params: ScryptParams = DEFAULT, caller: HashCaller = {}): Promise<string> {
  return passwordHashGate().run(() => computeHash(password, params), caller);
}

/** Through the process's hash gate, like hashPassword. */
export function verifyPassword(password: string, stored: string, caller: HashCaller = {}): Promise<boolean> {
  return passwordHashGate().run(() => compareWithStored(password, stored), caller);
}

// A hash of nothing anyone knows, at full cost, compared against when an email is unknown so a miss costs the
// time of a hit. Made once per process outside the gate (a refusal must not be cached).
let dummyHash: Promise<string> | undefined;
export function dummyPasswordHash(): Promise<string> {
  dummyHash ??= computeHash(randomBytes(18).toString("base64"), DEFAULT);
  return dummyHash;
}

async function compareWithStored(password: string, stored: string): Promise<boolean> {
  const parts = stored.split("$");
  if (parts.length !== 6 || parts[0] !== "scrypt") return false;
  const [, n, r, p, saltB64, keyB64] = parts as [string, string, string, string, string, string];
  const N = Number(n);
  const R = Number(r);
  const P = Number(p);
  if (![N, R, P].every((x) => Number.isInteger(x) && x > 0)) return false;
  const expected = Buffer.from(keyB64, "base64");
  const actual = await scrypt(password, Buffer.from(saltB64, "base64"), expected.length, {
    N,
    r: R,
    p: P,
    maxmem: 256 * N * R + 1024 * 1024,
  });
  return actual.length === expected.length && timingSafeEqual(actual, expected);
}

/** A cheap hash for test factories only (same format, low cost). */
export const hashPasswordForTests = (password: string) => computeHash(password, { N: 1024, r: 8, p: 1 });
