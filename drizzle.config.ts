import { defineConfig } from "drizzle-kit";

// Generation only needs the schema; migrations are applied by migrateDatabase (lib/db/connect.ts) on start.
export default defineConfig({
  dialect: "postgresql",
  schema: "./lib/db/schema.ts",
  out: "./drizzle",
});
