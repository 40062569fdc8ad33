/**
 * Font registration for invoice PDFs.
 *
 * The built-in PDF fonts (Helvetica etc.) have no ₹ (U+20B9) glyph, so we embed DejaVu Sans
 * (regular + bold; both contain U+20B9 — checked with fc-query, range 20b8-20ba).
 *
 * Location: the two TTFs are committed under `public/fonts/` (copied from the npm package
 * `dejavu-fonts-ttf` 2.37.3, licence in public/fonts/DejaVu-LICENSE.txt) and resolved from
 * `process.cwd()`. `next start` and the tests run with cwd = repo root, and Next's standalone output
 * copies `public/` next to server.js, whereas a `node_modules/...` path is not traced into a
 * standalone/serverless bundle. Committing them also pins the exact glyphs: re-rendering an old
 * invoice years later looks identical even if the npm package changes.
 * Search order: `$KHATA_PDF_FONT_DIR` (if set, for unusual deployments), `<cwd>/public/fonts`,
 * then `<cwd>/node_modules/dejavu-fonts-ttf/ttf` as a fallback.
 */
import { existsSync } from "node:fs";
import path from "node:path";
import { Font } from "@react-pdf/renderer";
import { getEnv } from "@/lib/config/env";
import { INVOICE_FONT_FAMILY } from "./font-family";

export { INVOICE_FONT_FAMILY };

const REGULAR = "DejaVuSans.ttf";
const BOLD = "DejaVuSans-Bold.ttf";

export function invoiceFontDirCandidates(cwd: string = process.cwd()): string[] {
  const fromEnv = getEnv().KHATA_PDF_FONT_DIR;
  return [
    ...(fromEnv ? [fromEnv] : []),
    path.join(cwd, "public", "fonts"),
    path.join(cwd, "node_modules", "dejavu-fonts-ttf", "ttf"),
  ];
}

/** Absolute paths of the regular and bold TTFs; throws with the searched locations if missing. */
export function resolveInvoiceFonts(cwd: string = process.cwd()): { regular: string; bold: string } {
  const candidates = invoiceFontDirCandidates(cwd);
  for (const dir of candidates) {
    const regular = path.join(dir, REGULAR);
    const bold = path.join(dir, BOLD);
    if (existsSync(regular) && existsSync(bold)) return { regular, bold };
  }
  throw new Error(`Invoice fonts ${REGULAR}/${BOLD} not found in: ${candidates.join(", ")}`);
}

let registered = false;

/** Idempotent. Registers DejaVu Sans and disables hyphenation (words are never split). */
export function registerInvoiceFonts(): void {
  if (registered) return;
  const { regular, bold } = resolveInvoiceFonts();
  Font.register({
    family: INVOICE_FONT_FAMILY,
    fonts: [
      { src: regular, fontWeight: "normal" },
      { src: bold, fontWeight: "bold" },
    ],
  });
  // Default hyphenation splits words with soft hyphens (e.g. inside GSTINs, names); never do that.
  Font.registerHyphenationCallback((word) => [word]);
  registered = true;
}
