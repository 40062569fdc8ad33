import fs from "node:fs";
import path from "node:path";

const APP_DIR = path.resolve(import.meta.dirname, "..", "..", "app");

export interface AppPage {
  /** The page file, relative to app/. */
  file: string;
  /** The URL pattern, route groups removed: `/invoices/[number]`. */
  route: string;
  /** The route group the page sits in (`auth`, `dashboard`), or null. */
  group: string | null;
  /** loading.tsx files from the root to the page's own folder, relative to app/: each wraps the page in Suspense. */
  loadingBoundaries: string[];
}

/** Every page.tsx under app/, so page-wide checks (headers, status codes) cannot miss a new page. */
export function listAppPages(appDir: string = APP_DIR): AppPage[] {
  const pages: AppPage[] = [];
  const walk = (dir: string, segments: string[], boundaries: string[]) => {
    const entries = fs.readdirSync(dir, { withFileTypes: true });
    const here = entries.some((e) => e.isFile() && e.name === "loading.tsx")
      ? [...boundaries, path.relative(appDir, path.join(dir, "loading.tsx"))]
      : boundaries;
    if (entries.some((e) => e.isFile() && e.name === "page.tsx")) {
      const group = segments.find((s) => s.startsWith("("))?.slice(1, -1) ?? null;
      const route = `/${segments.filter((s) => !s.startsWith("(")).join("/")}`;
      pages.push({ file: path.relative(appDir, path.join(dir, "page.tsx")), route, group, loadingBoundaries: here });
    }
    for (const e of entries) {
      if (e.isDirectory() && !e.name.startsWith("_") && e.name !== "api") walk(path.join(dir, e.name), [...segments, e.name], here);
    }
  };
  walk(appDir, [], []);
  return pages.sort((a, b) => a.route.localeCompare(b.route));
}
