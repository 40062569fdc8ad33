import nextVitals from "eslint-config-next/core-web-vitals";
import nextTs from "eslint-config-next/typescript";
import clientBoundary from "./eslint/client-boundary.mjs";

const config = [
  ...nextVitals,
  ...nextTs,
  {
    ignores: [".next/**", ".next-*/**", "node_modules/**", ".data/**", "drizzle/**", "test-results/**", "playwright-report/**", "e2e/artifacts/**", "next-env.d.ts", "bench/out/**"],
  },
  {
    rules: {
      "@typescript-eslint/no-unused-vars": ["error", { argsIgnorePattern: "^_", varsIgnorePattern: "^_" }],
    },
  },
  {
    // app/ stays thin: routes and pages call services, never the database directly.
    files: ["app/**/*.ts", "app/**/*.tsx"],
    rules: {
      "no-restricted-imports": [
        "error",
        { patterns: [{ group: ["drizzle-orm", "drizzle-orm/*", "@/lib/db/schema"], message: "app/ calls services in lib/, not drizzle." }] },
      ],
    },
  },
  {
    // A client component never ships server code (lib/db, drizzle, pg) to the browser, not even transitively.
    files: ["app/**/*.ts", "app/**/*.tsx", "components/**/*.ts", "components/**/*.tsx", "lib/**/*.ts", "lib/**/*.tsx"],
    plugins: { khata: clientBoundary },
    rules: { "khata/no-server-import-in-client": "error" },
  },
];

export default config;
