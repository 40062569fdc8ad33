import { randomBytes } from "node:crypto";
import { afterAll, beforeAll, describe, it } from "vitest";
import { migrateDatabase, openDatabase, type DbHandle } from "@/lib/db/connect";
import type { Db } from "@/lib/db/types";

export type EngineName = "pglite" | "postgres";

const postgresUrl = process.env.TEST_DATABASE_URL;
let warned = false;

function warnOnce() {
  if (postgresUrl || warned) return;
  warned = true;
  console.warn(
    "\n!!! TEST_DATABASE_URL is not set: integration suites ran on PGlite ONLY; the real-Postgres and concurrency suites DID NOT RUN.\n" +
      "!!! Set TEST_DATABASE_URL=postgres://postgres@127.0.0.1:5432/test to run them (CI always does).\n",
  );
}

/** Creates a fresh, migrated database: a new PGlite in memory, or a new database on the test Postgres server. */
export async function createTestDatabase(engine: EngineName): Promise<DbHandle> {
  if (engine === "pglite") {
    const handle = await openDatabase({ pgliteDir: "memory://" });
    await migrateDatabase(handle);
    return handle;
  }
  if (!postgresUrl) throw new Error("TEST_DATABASE_URL is not set");
  const { default: postgres } = await import("postgres");
  const admin = postgres(postgresUrl, { max: 1, onnotice: () => {} });
  const name = `khata_test_${Date.now().toString(36)}_${randomBytes(4).toString("hex")}`;
  await admin.unsafe(`create database ${name}`);
  await admin.end();
  const url = new URL(postgresUrl);
  url.pathname = `/${name}`;
  const handle = await openDatabase({ url: url.toString() });
  await migrateDatabase(handle);
  return {
    ...handle,
    async close() {
      await handle.close();
      const dropper = postgres(postgresUrl, { max: 1, onnotice: () => {} });
      await dropper.unsafe(`drop database if exists ${name} with (force)`);
      await dropper.end();
    },
  };
}

export interface EngineContext {
  readonly db: Db;
  readonly engine: EngineName;
  /** The suite's database on real Postgres (job runners open their own pool on it); undefined on PGlite. */
  readonly url: string | undefined;
}

function engineSuite(engine: EngineName, name: string, body: (ctx: EngineContext) => void) {
  describe(`${name} [${engine}]`, () => {
    let handle: DbHandle | undefined;
    const ctx: EngineContext = {
      get db() {
        if (!handle) throw new Error("database not ready");
        return handle.db;
      },
      get url() {
        return handle?.url;
      },
      engine,
    };
    beforeAll(async () => {
      handle = await createTestDatabase(engine);
    });
    afterAll(async () => {
      await handle?.close();
    });
    body(ctx);
  });
}

/** Runs a suite on PGlite, and again on real Postgres when TEST_DATABASE_URL is set (each in a fresh database). */
export function describeEngines(name: string, body: (ctx: EngineContext) => void): void {
  warnOnce();
  engineSuite("pglite", name, body);
  if (postgresUrl) engineSuite("postgres", name, body);
}

/**
 * Concurrency suites: PGlite has one connection and hides races, so these run on real Postgres only. Without
 * TEST_DATABASE_URL they register a failing-loud placeholder in CI and a warning locally.
 */
export function describePostgres(name: string, body: (ctx: EngineContext) => void): void {
  warnOnce();
  if (postgresUrl) {
    engineSuite("postgres", name, body);
    return;
  }
  describe(`${name} [postgres]`, () => {
    it.skipIf(!process.env.CI)("needs TEST_DATABASE_URL (real Postgres)", () => {
      throw new Error("TEST_DATABASE_URL must be set in CI: concurrency suites run on real Postgres only");
    });
  });
}

