import fs from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";

// Every /api/v1 route file answers every method: its own through apiRoute, the others through
// methodsNotAllowed(<exactly its own>), so a wrong method gets a 405 envelope with a true Allow header.
const ROOT = path.join(process.cwd(), "app", "api", "v1");
const METHODS = ["GET", "POST", "PUT", "PATCH", "DELETE"];

function routeFiles(dir: string): string[] {
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap((e) => {
    const p = path.join(dir, e.name);
    if (e.isDirectory()) return e.name === "[...path]" ? [] : routeFiles(p);
    return e.name === "route.ts" ? [p] : [];
  });
}

const files = routeFiles(ROOT);

describe("/api/v1 route files", () => {
  it("finds the route files", () => {
    expect(files.length).toBeGreaterThan(30);
  });

  it.each(files.map((f) => [path.relative(process.cwd(), f), f]))("%s serves or refuses every method", (_, file) => {
    const source = fs.readFileSync(file, "utf8");
    const served = METHODS.filter((m) => new RegExp(`^export const ${m} = apiRoute\\(`, "m").test(source));
    expect(served.length).toBeGreaterThan(0);
    const refusal = /^export const \{ ([A-Z, ]+) \} = methodsNotAllowed\(([^)]*)\);$/m.exec(source);
    const refused = refusal ? refusal[1]!.split(", ") : [];
    const allowed = refusal ? [...refusal[2]!.matchAll(/"([A-Z]+)"/g)].map((m) => m[1]) : [];
    expect(allowed, "methodsNotAllowed lists exactly the served methods").toEqual(served);
    expect([...served, ...refused].sort()).toEqual([...METHODS].sort());
  });
});
