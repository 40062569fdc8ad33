import fs from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
// @ts-expect-error an .mjs ESLint plugin without type declarations
import { importsOf, isClientModule, serverImportChain } from "../eslint/client-boundary.mjs";

const root = path.resolve(import.meta.dirname, "..");

function sourceFiles(dir: string): string[] {
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap((e) => {
    const full = path.join(dir, e.name);
    if (e.isDirectory()) return sourceFiles(full);
    return /\.tsx?$/.test(e.name) ? [full] : [];
  });
}

describe("client boundary (ESLint rule khata/no-server-import-in-client)", () => {
  it("finds no client component that reaches lib/db, drizzle or pg", () => {
    const clients = ["app", "components"].flatMap((d) => sourceFiles(path.join(root, d))).filter((f) => isClientModule(fs.readFileSync(f, "utf8")));
    expect(clients.length).toBeGreaterThan(10);
    const leaks = clients.map((f) => [path.relative(root, f), serverImportChain(f)]).filter(([, chain]) => chain !== null);
    expect(leaks).toEqual([]);
  });

  it("follows imports through other modules to lib/db (the leak webhooks-manager had through low-balance-threshold.ts)", () => {
    const file = path.join(root, "components", "probe.tsx");
    const chain = serverImportChain(file, `"use client";\nimport { getLowBalanceThreshold } from "@/lib/credits/low-balance-threshold";\n`);
    expect(chain?.[0]).toBe("@/lib/credits/low-balance-threshold");
    expect(chain?.at(-1)).toMatch(/^(drizzle-orm|@\/lib\/db(\/.*)?)$/);
    expect(serverImportChain(file, `"use client";\nimport { setLowBalanceThresholdSchema } from "@/lib/credits/low-balance-threshold-schema";\n`)).toBeNull();
  });

  it("ignores type-only imports (erased) and sees packages, re-exports and dynamic imports", () => {
    expect(importsOf(`import type { Db } from "@/lib/db";\nimport { z } from "zod";\nexport { x } from "./x";\nconst m = import("pg");`)).toEqual(["zod", "./x", "pg"]);
    expect(isClientModule(`// header\n"use client";\nimport x from "y";`)).toBe(true);
    expect(isClientModule(`import x from "y";\n"use client";`)).toBe(false);
    // server actions reach the browser as references only
    expect(serverImportChain(path.join(root, "components", "probe.tsx"), `"use client";\nimport { signInAction } from "@/app/(auth)/actions";\n`)).toBeNull();
  });
});
