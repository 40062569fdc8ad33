import { describe, expect, it } from "vitest";
import { listAppPages } from "./app-pages";

describe("app pages", () => {
  const pages = listAppPages();

  it("lists every page with its route and group", () => {
    expect(pages.find((p) => p.route === "/sign-in")).toMatchObject({ group: "auth", file: "(auth)/sign-in/page.tsx" });
    expect(pages.find((p) => p.route === "/invoices/[number]")).toMatchObject({ group: "dashboard" });
    expect(pages.find((p) => p.route === "/")).toMatchObject({ group: null });
    expect(pages.length).toBeGreaterThanOrEqual(20);
  });

  // A loading.tsx above a page streams its fallback first, which commits a 200 before the page can call notFound():
  // an unknown invoice number answered 200 ("Invoice not found" with status OK) while invoices/loading.tsx wrapped it.
  it("puts no loading boundary above a page with a [param], so notFound() answers 404", () => {
    const dynamic = pages.filter((p) => p.route.includes("["));
    expect(dynamic.map((p) => p.route)).toContain("/invoices/[number]");
    expect(dynamic.filter((p) => p.loadingBoundaries.length > 0).map((p) => [p.route, p.loadingBoundaries])).toEqual([]);
  });

  it("keeps the invoice list's loading skeleton (in the (list) group, beside the list page only)", () => {
    expect(pages.find((p) => p.route === "/invoices")?.loadingBoundaries).toEqual(["(dashboard)/invoices/(list)/loading.tsx"]);
  });
});
