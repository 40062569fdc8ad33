import { ESLint } from "eslint";
import { beforeAll, describe, expect, it } from "vitest";

// Each dependency-direction rule in eslint.config.mjs, shown failing on a deliberate violation in a file of the
// directory it guards, and silent on the allowed form. Linted in memory: no file is written.
let eslint: ESLint;
beforeAll(() => {
  eslint = new ESLint({ cwd: process.cwd() });
});

async function messagesFor(filePath: string, code: string): Promise<string[]> {
  const [result] = await eslint.lintText(code, { filePath });
  return (result?.messages ?? []).filter((m) => m.ruleId === "no-restricted-imports" || m.ruleId === "no-restricted-syntax" || m.ruleId === "khata/no-server-import-in-client").map((m) => m.message);
}

const CASES: Array<{ rule: string; file: string; bad: string; good: string; says: RegExp }> = [
  { rule: "no drizzle in app/", file: "app/api/v1/example/route.ts", bad: `import { eq } from "drizzle-orm";\nexport const x = eq;\n`, good: `import { getDb } from "@/lib/db";\nexport const x = getDb;\n`, says: /app\/ calls services/ },
  { rule: "no schema in app/", file: "app/(dashboard)/example/page.tsx", bad: `import { users } from "@/lib/db/schema";\nexport const x = users;\n`, good: `export const x = 1;\n`, says: /app\/ calls services/ },
  { rule: "no lib/api helpers in domain code", file: "lib/credits/example.ts", bad: `import { apiRoute } from "@/lib/api/route";\nexport const x = apiRoute;\n`, good: `import { AppError } from "@/lib/errors";\nexport const x = AppError;\n`, says: /transport-free/ },
  { rule: "no relative lib/api import in domain code", file: "lib/orders/example.ts", bad: `import { errorResponse } from "../api/route";\nexport const x = errorResponse;\n`, good: `export const x = 1;\n`, says: /transport-free/ },
  { rule: "no app/ in components/", file: "components/example.tsx", bad: `import { signOutAction } from "@/app/(auth)/actions";\nexport const x = signOutAction;\n`, good: `import { formatInr } from "@/lib/money/format-inr";\nexport const x = formatInr;\n`, says: /components\/ never import app\// },
  { rule: "no emulator in lib/", file: "lib/cashfree/example.ts", bad: `import { startEmulator } from "@/emulator/server";\nexport const x = startEmulator;\n`, good: `export const x = 1;\n`, says: /emulator/ },
  { rule: "no lib/testing outside tests", file: "lib/usage/example.ts", bad: `import { drainJobs } from "@/lib/testing/run-jobs";\nexport const x = drainJobs;\n`, good: `export const x = 1;\n`, says: /lib\/testing is for test files only/ },
  { rule: "no raw process.env", file: "lib/orders/example.ts", bad: `export const url = process.env.DATABASE_URL;\n`, good: `export const url = process.env.NEXT_PUBLIC_X;\n`, says: /getEnv\(\)/ },
  { rule: "no server module in a client component", file: "components/example-client.tsx", bad: `"use client";\nimport { getDb } from "@/lib/db";\nexport const x = getDb;\n`, good: `"use client";\nexport const x = 1;\n`, says: /./ },
];

describe("ESLint direction rules", () => {
  it.each(CASES)("$rule: the violation fails, the allowed form passes", async ({ file, bad, good, says }) => {
    const badMessages = await messagesFor(file, bad);
    expect(badMessages.length).toBeGreaterThan(0);
    expect(badMessages.join("\n")).toMatch(says);
    expect(await messagesFor(file, good)).toEqual([]);
  }, 60_000);

  it("tests may import the emulator and lib/testing", async () => {
    expect(await messagesFor("lib/orders/example.int.test.ts", `import { drainJobs } from "@/lib/testing/run-jobs";\nimport { startEmulator } from "@/emulator/server";\nexport const x = [drainJobs, startEmulator];\n`)).toEqual([]);
  }, 60_000);
});
