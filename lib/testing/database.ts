import { afterAll, beforeAll, describe, inject } from "vitest";
import { openDatabase, type DbHandle } from "@/lib/db/connect";
import type { Db } from "@/lib/db/types";
import { createTestDatabase, type TestDatabase } from "./test-databases";

export interface DatabaseContext {
  readonly db: Db;
  /** The suite's own database, for code that opens its own connections (a second pool, the job runner). */
  readonly url: string;
}

/** A fresh migrated database of its own for a test file's suite (integration project only). */
export async function openTestDatabase(tag = "t"): Promise<DbHandle & { database: TestDatabase }> {
  const { serverUrl, template } = inject("testDatabase");
  const database = await createTestDatabase(serverUrl, template, tag);
  const handle = openDatabase(database.url, { max: 10 });
  return {
    ...handle,
    database,
    async close() {
      await handle.close();
      await database.drop();
    },
  };
}

/** Runs a suite on real PostgreSQL, in a fresh database of its own created before it and dropped after it. */
export function describeWithDatabase(name: string, body: (ctx: DatabaseContext) => void): void {
  describe(name, () => {
    let handle: (DbHandle & { database: TestDatabase }) | undefined;
    const ready = () => {
      if (!handle) throw new Error("database not ready");
      return handle;
    };
    const ctx: DatabaseContext = {
      get db() {
        return ready().db;
      },
      get url() {
        return ready().url;
      },
    };
    beforeAll(async () => {
      handle = await openTestDatabase();
    });
    afterAll(async () => {
      await handle?.close();
    });
    body(ctx);
  });
}
