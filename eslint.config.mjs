import nextVitals from "eslint-config-next/core-web-vitals";
import nextTs from "eslint-config-next/typescript";
import clientBoundary from "./eslint/client-boundary.mjs";

// ---------------------------------------------------------------- dependency directions
// Flat config replaces a rule's options per file, so each file set below gets every restriction that applies to
// it in one `no-restricted-imports`, and the sets are disjoint.

const TESTS = ["**/*.test.ts", "**/*.test.tsx", "**/*.int.test.ts"];

const NO_DRIZZLE = { group: ["drizzle-orm", "drizzle-orm/*", "@/lib/db/schema"], message: "app/ calls services in lib/, not drizzle." };
const NO_HTTP_HELPERS = {
  group: ["@/lib/api", "@/lib/api/**", "**/lib/api", "**/lib/api/**", "../api", "../api/**", "../../api/**"],
  message: "lib/ is transport-free: throw AppError (lib/errors.ts); lib/api maps it to HTTP. Shared helpers live outside lib/api.",
};
const NO_EMULATOR = { group: ["@/emulator", "@/emulator/**", "**/emulator", "**/emulator/**"], message: "Only tests (and lib/testing) may use the Cashfree emulator." };
const NO_TEST_HELPERS = { group: ["@/lib/testing", "@/lib/testing/**", "**/lib/testing/**", "../testing", "../testing/**", "../../testing/**"], message: "lib/testing is for test files only." };
const NO_APP = { group: ["@/app", "@/app/**", "**/app/**"], message: "components/ never import app/: let the page pass server actions and data in as props." };

const restrict = (...patterns) => ({ "no-restricted-imports": ["error", { patterns }] });

// ---------------------------------------------------------------- configuration
// Every variable is read through lib/config/env.ts. Next inlines `process.env.NEXT_PUBLIC_*` (client bundles) and
// `process.env.NEXT_RUNTIME` (instrumentation) at build time only when written literally, so those stay allowed.
const NO_RAW_ENV = {
  "no-restricted-syntax": [
    "error",
    {
      selector: "MemberExpression[object.object.name='process'][object.property.name='env'][property.name!=/^(NEXT_PUBLIC_\\w+|NEXT_RUNTIME)$/]",
      message: "Read configuration with getEnv() from lib/config/env.ts (declare the variable in its schema).",
    },
    {
      selector: "MemberExpression[object.name='process'][property.name='env']:not(MemberExpression[object.object.name='process'] > MemberExpression.object)",
      message: "Read configuration with getEnv() from lib/config/env.ts (declare the variable in its schema).",
    },
  ],
};

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
    ignores: TESTS,
    rules: restrict(NO_DRIZZLE, NO_EMULATOR, NO_TEST_HELPERS),
  },
  {
    files: ["lib/**/*.ts", "lib/**/*.tsx"],
    ignores: [...TESTS, "lib/api/**", "lib/testing/**"],
    rules: restrict(NO_HTTP_HELPERS, NO_EMULATOR, NO_TEST_HELPERS),
  },
  {
    files: ["lib/api/**/*.ts"],
    ignores: TESTS,
    rules: restrict(NO_EMULATOR, NO_TEST_HELPERS),
  },
  {
    files: ["components/**/*.ts", "components/**/*.tsx"],
    ignores: TESTS,
    rules: restrict(NO_APP, NO_EMULATOR, NO_TEST_HELPERS),
  },
  {
    files: ["lib/**/*.ts", "lib/**/*.tsx", "app/**/*.ts", "app/**/*.tsx", "components/**/*.ts", "components/**/*.tsx", "instrumentation*.ts"],
    ignores: [...TESTS, "lib/config/env.ts", "lib/testing/**"],
    rules: NO_RAW_ENV,
  },
  {
    // A client component never ships server code (lib/db, drizzle, pg) to the browser, not even transitively.
    files: ["app/**/*.ts", "app/**/*.tsx", "components/**/*.ts", "components/**/*.tsx", "lib/**/*.ts", "lib/**/*.tsx"],
    plugins: { khata: clientBoundary },
    rules: { "khata/no-server-import-in-client": "error" },
  },
];

export default config;
