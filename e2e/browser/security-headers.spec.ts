import { expect, test, type Page } from "@playwright/test";
import { listAppPages } from "../../lib/testing/app-pages";
import { DEMO, signIn } from "../fixtures";

/**
 * Issue 11: every page answers with a per-request nonce CSP (no 'unsafe-inline' for scripts), Next puts that nonce on
 * all of its scripts, nothing on the page trips the policy, and HSTS is sent (e2e runs a production build). The page
 * list comes from app/, so a new page is covered without editing this file.
 */
const UNKNOWN_INVOICE = "KH-2526-999999";
const HSTS = "max-age=63072000; includeSubDomains";

const pages = listAppPages();
const urlOf = (route: string) => route.replace("[number]", UNKNOWN_INVOICE);
const signedOut = pages.filter((p) => p.group === "auth" || p.group === null).map((p) => p.route);
const operatorRoutes = pages.filter((p) => p.route.startsWith("/operator")).map((p) => p.route);
const ownerRoutes = pages.filter((p) => p.group === "dashboard" && !p.route.startsWith("/operator")).map((p) => p.route);

function scriptSrc(csp: string): string[] {
  return (csp.split(";").map((d) => d.trim()).find((d) => d.startsWith("script-src ")) ?? "").split(" ");
}

/** Visits a page and checks its headers and scripts; returns the response's nonce. */
async function expectSecurePage(page: Page, route: string): Promise<string> {
  const violations: string[] = [];
  const onConsole = (m: { text(): string }) => {
    if (m.text().includes("Content Security Policy")) violations.push(m.text());
  };
  page.on("console", onConsole);
  const response = await page.goto(urlOf(route));
  expect(response, route).not.toBeNull();
  const headers = response!.headers();
  const scripts = scriptSrc(headers["content-security-policy"] ?? "");
  const nonce = scripts.find((s) => s.startsWith("'nonce-"))?.slice("'nonce-".length, -1) ?? "";
  expect(nonce, `${route}: script-src ${scripts.join(" ")}`).toMatch(/^[A-Za-z0-9+/]{22}==$/);
  expect(scripts, route).toContain("'strict-dynamic'");
  expect(scripts, route).not.toContain("'unsafe-inline'");
  expect(scripts, route).not.toContain("'unsafe-eval'");
  expect(headers["strict-transport-security"], route).toBe(HSTS);
  expect(headers["x-frame-options"], route).toBe("DENY");
  // Next put the response's nonce on every script tag it rendered, inline ones included.
  const scriptTags = (await response!.text()).match(/<script\b[^>]*>/g) ?? [];
  expect(scriptTags.length, route).toBeGreaterThan(0);
  expect(scriptTags.filter((tag) => !tag.includes(`nonce="${nonce}"`)), route).toEqual([]);
  await page.waitForLoadState("load");
  page.off("console", onConsole);
  expect(violations, route).toEqual([]);
  if (route.includes("[")) expect(response!.status(), `${urlOf(route)} is unknown`).toBe(404);
  else expect(response!.status(), route).toBeLessThan(500);
  return nonce;
}

test("signed-out pages: nonce CSP without 'unsafe-inline', a fresh nonce per response, HSTS", async ({ page }) => {
  expect(signedOut).toEqual(expect.arrayContaining(["/sign-in", "/sign-up"]));
  for (const route of signedOut) await expectSecurePage(page, route);
  const first = await expectSecurePage(page, "/sign-in");
  const second = await expectSecurePage(page, "/sign-in");
  expect(second).not.toBe(first);
});

test("every dashboard page as the owner, and an unknown invoice answers 404", async ({ page }) => {
  expect(ownerRoutes).toEqual(expect.arrayContaining(["/billing", "/invoices", "/invoices/[number]", "/settings/webhooks"]));
  await signIn(page, DEMO.owner);
  for (const route of ownerRoutes) await expectSecurePage(page, route);
});

test("operator pages as the operator", async ({ page }) => {
  expect(operatorRoutes.length).toBeGreaterThan(0);
  await signIn(page, DEMO.operator);
  for (const route of operatorRoutes) await expectSecurePage(page, route);
});

test("an unknown URL answers 404 with the same headers", async ({ page }) => {
  const response = await page.goto("/no-such-page");
  expect(response!.status()).toBe(404);
  expect(scriptSrc(response!.headers()["content-security-policy"] ?? "")).not.toContain("'unsafe-inline'");
  expect(response!.headers()["strict-transport-security"]).toBe(HSTS);
});
