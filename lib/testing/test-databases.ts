import { createHash, randomBytes } from "node:crypto";
import fs from "node:fs";
import path from "node:path";
import pg from "pg";
import { migrateDatabase, MIGRATIONS_FOLDER } from "@/lib/db/connect";

/**
 * Test databases on one PostgreSQL server (TEST_DATABASE_URL, or the embedded one the test run started). Migrations
 * run once into a template database named after a hash of the migrations; every suite then gets its own database
 * cloned from it (`create database … template …`, a file copy, ~50 ms instead of replaying every migration).
 */

async function withAdmin<T>(serverUrl: string, fn: (client: pg.Client) => Promise<T>): Promise<T> {
  const client = new pg.Client({ connectionString: serverUrl });
  client.on("error", () => {});
  await client.connect();
  try {
    return await fn(client);
  } finally {
    await client.end();
  }
}

export function databaseUrl(serverUrl: string, name: string): string {
  const url = new URL(serverUrl);
  url.pathname = `/${name}`;
  return url.toString();
}

/** The template's name changes with the app's migrations and with graphile-worker's (its schema is in it too). */
function migrationsHash(): string {
  const hash = createHash("sha256");
  hash.update(fs.readFileSync(path.join(process.cwd(), "node_modules", "graphile-worker", "package.json")));
  for (const file of fs.readdirSync(MIGRATIONS_FOLDER, { recursive: true, encoding: "utf8" }).sort()) {
    const full = path.join(MIGRATIONS_FOLDER, file);
    if (fs.statSync(full).isFile()) hash.update(file).update(fs.readFileSync(full));
  }
  return hash.digest("hex").slice(0, 12);
}

/** The migrated template database for the current migrations, built once per server (safe to call concurrently). */
export async function ensureTemplateDatabase(serverUrl: string): Promise<string> {
  const template = `khata_tpl_${migrationsHash()}`;
  return withAdmin(serverUrl, async (admin) => {
    const exists = async () => (await admin.query("select 1 from pg_database where datname = $1", [template])).rowCount === 1;
    if (await exists()) return template;
    // Built under a temporary name and renamed, so no run ever clones a half-migrated template.
    await admin.query("select pg_advisory_lock(727275)");
    try {
      if (await exists()) return template;
      const building = `${template}_b${randomBytes(3).toString("hex")}`;
      await admin.query(`create database ${building}`);
      await migrateDatabase(databaseUrl(serverUrl, building));
      await admin.query(`alter database ${building} rename to ${template}`);
      return template;
    } finally {
      await admin.query("select pg_advisory_unlock(727275)");
    }
  });
}

export interface TestDatabase {
  name: string;
  url: string;
  drop(): Promise<void>;
}

/** A fresh database cloned from the template: migrated, empty, private to the caller. */
export async function createTestDatabase(serverUrl: string, template: string, tag = "t"): Promise<TestDatabase> {
  const name = `khata_${tag}_${Date.now().toString(36)}${randomBytes(4).toString("hex")}`;
  await withAdmin(serverUrl, async (admin) => {
    // Two clones of one template at the same instant can collide on the template's lock ("being accessed by other
    // users"); a short retry resolves it.
    for (let attempt = 0; ; attempt++) {
      try {
        await admin.query(`create database ${name} template ${template}`);
        return;
      } catch (error) {
        if (attempt >= 20 || (error as { code?: string }).code !== "55006") throw error;
        await new Promise((r) => setTimeout(r, 50 * (attempt + 1)));
      }
    }
  });
  return {
    name,
    url: databaseUrl(serverUrl, name),
    drop: () => withAdmin(serverUrl, (admin) => admin.query(`drop database if exists ${name} with (force)`)).then(() => {}),
  };
}
