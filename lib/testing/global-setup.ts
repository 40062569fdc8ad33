import type { TestProject } from "vitest/node";
import { testServer } from "../../scripts/lib/embedded-postgres.mjs";
import { ensureTemplateDatabase } from "./test-databases";

declare module "vitest" {
  export interface ProvidedContext {
    testDatabase: { serverUrl: string; template: string };
  }
}

/**
 * Integration runs: the PostgreSQL server is TEST_DATABASE_URL (CI: the machine's server) or, when unset, a
 * throwaway embedded PostgreSQL started for this run and removed after it. The migrated template is built here once.
 */
export default async function setup(project: TestProject) {
  const server = await testServer("integration");
  const template = await ensureTemplateDatabase(server.url);
  project.provide("testDatabase", { serverUrl: server.url, template });
  return server.stop;
}
