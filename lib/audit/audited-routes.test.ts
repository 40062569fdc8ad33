import fs from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { discoverRoutes } from "@/e2e/api/route-table";
import { AUDIT_ACTIONS } from "./audit-actions";
import { AUDIT_EXEMPT_ROUTES, AUDITED_ROUTES, isWriteRoute } from "./audited-routes";

const writeRoutes = discoverRoutes().filter(isWriteRoute);

function sourcesUnder(dir: string): string[] {
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap((e) => {
    const p = path.join(dir, e.name);
    if (e.isDirectory()) return sourcesUnder(p);
    const registry = p.endsWith(path.join("audit", "audit-actions.ts")) || p.endsWith(path.join("audit", "audited-routes.ts"));
    return /\.tsx?$/.test(e.name) && !/\.test\.ts$/.test(e.name) && !registry ? [fs.readFileSync(p, "utf8")] : [];
  });
}

describe("every /api/v1 write route is audited or exempt", () => {
  it("finds the write routes", () => {
    expect(writeRoutes.length).toBeGreaterThan(30);
  });

  it.each(writeRoutes)("%s writes an audit entry (or is an explained exemption)", (route) => {
    const audited = route in AUDITED_ROUTES;
    const exempt = route in AUDIT_EXEMPT_ROUTES;
    expect(
      audited || exempt,
      `${route} changes something but is not in lib/audit/audited-routes.ts. Call recordAudit(tx, { action, accountId, targetType, targetId, before, after }) ` +
        `in the service's transaction, add the action to lib/audit/audit-actions.ts, add "${route}": ["<action>"] to AUDITED_ROUTES and a scenario ` +
        `to lib/audit/audited-routes.int.test.ts; or, if it changes no money, access or configuration, add it to AUDIT_EXEMPT_ROUTES with the reason.`,
    ).toBe(true);
    expect(audited && exempt, `${route} is both audited and exempt`).toBe(false);
  });

  it("names no route that does not exist (a renamed route keeps its entry honest)", () => {
    const stale = [...Object.keys(AUDITED_ROUTES), ...Object.keys(AUDIT_EXEMPT_ROUTES)].filter((r) => !writeRoutes.includes(r));
    expect(stale, "remove or rename these entries in lib/audit/audited-routes.ts").toEqual([]);
  });

  it("every action is written by some service and known", () => {
    const source = sourcesUnder(path.join(process.cwd(), "lib")).join("\n");
    const unwritten = AUDIT_ACTIONS.filter((action) => !source.includes(`"${action}"`));
    expect(unwritten).toEqual([]);
    for (const actions of Object.values(AUDITED_ROUTES)) for (const a of actions) expect(AUDIT_ACTIONS).toContain(a);
  });
});
