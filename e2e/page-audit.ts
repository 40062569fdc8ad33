import fs from "node:fs";
import path from "node:path";
import AxeBuilder from "@axe-core/playwright";
import type { Page } from "@playwright/test";

const SCREENSHOT_DIR = path.join("e2e", "artifacts", "screenshots");

/**
 * Loads `url` at 1280 px, then narrows it to 375 px in place (the layout is CSS media queries, and charts follow a
 * resize, so a second load would only render the same page again). At each width: a full-page screenshot to
 * e2e/artifacts/screenshots, axe's WCAG 2.1 A/AA rules (serious or critical violations are failures), and at 375 px
 * no sideways scrolling and no list table wider than its container. Failures are appended to `failures`.
 */
export async function auditPage(p: Page, name: string, url: string, failures: string[], ready?: (p: Page) => Promise<void>) {
  fs.mkdirSync(SCREENSHOT_DIR, { recursive: true });
  await p.setViewportSize({ width: 1280, height: 800 });
  await p.goto(url);
  await p.waitForLoadState("networkidle");
  await ready?.(p);
  for (const width of [1280, 375]) {
    if (width === 375) {
      await p.setViewportSize({ width, height: 812 });
      await p.waitForFunction((w) => window.innerWidth === w && document.documentElement.clientWidth <= w, width);
      // Charts re-measure on a ResizeObserver callback: two frames let them re-render at the new width.
      await p.evaluate(() => new Promise((done) => requestAnimationFrame(() => requestAnimationFrame(() => done(null)))));
    }
    await p.screenshot({ path: path.join(SCREENSHOT_DIR, `${name}-${width}.png`), fullPage: true });
    const results = await new AxeBuilder({ page: p }).withTags(["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]).analyze();
    for (const v of results.violations) {
      if (v.impact === "serious" || v.impact === "critical") {
        failures.push(`${name} @${width}px: ${v.id} (${v.impact}) — ${v.help}: ${v.nodes.map((n) => n.target.join(" ")).join(", ")}`);
      }
    }
    if (width === 375) {
      const overflow = await p.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);
      if (overflow > 1) failures.push(`${name} @375px: page scrolls horizontally by ${overflow}px`);
      const wideTables = await p.evaluate(() =>
        [...document.querySelectorAll("table.stack-on-mobile")].filter((t) => t.scrollWidth > (t.parentElement?.clientWidth ?? 0) + 1).length,
      );
      if (wideTables > 0) failures.push(`${name} @375px: ${wideTables} list table(s) wider than their container`);
    }
  }
}
