// ESLint rule: a client component ("use client") must not reach server-only code through any chain of imports.
// `import "server-only"` cannot guard lib/db: tsx scripts (migrate, seed, bench, reliability) import it outside
// Next's react-server condition, where server-only throws. scripts/check-bundle.mjs checks the built chunks too.
import fs from "node:fs";
import path from "node:path";

const ROOT = path.resolve(import.meta.dirname, "..");
/** Server-only modules: the database layer, and the packages only it and the server use. */
const SERVER_DIRS = [path.join(ROOT, "lib", "db") + path.sep];
const SERVER_PACKAGES = new Set(["drizzle-orm", "pg", "server-only", "pino", "@react-pdf/renderer"]);
const EXTENSIONS = [".ts", ".tsx", ".mjs", ".js", "/index.ts", "/index.tsx"];
const IMPORT = /^\s*(?:import|export)\s+(type\s+)?(?:[^'";]*?\sfrom\s+)?["']([^"']+)["']/gm;
const DYNAMIC_IMPORT = /\bimport\(\s*["']([^"']+)["']\s*\)/g;

function resolveLocal(specifier, fromFile) {
  let base;
  if (specifier.startsWith("@/")) base = path.join(ROOT, specifier.slice(2));
  else if (specifier.startsWith(".")) base = path.resolve(path.dirname(fromFile), specifier);
  else return null;
  if (fs.existsSync(base) && fs.statSync(base).isFile()) return base;
  for (const ext of EXTENSIONS) if (fs.existsSync(base + ext)) return base + ext;
  return null;
}

/** Value imports of a source file (`import type` is erased and never reaches the bundle). */
export function importsOf(source) {
  const found = [];
  for (const m of source.matchAll(IMPORT)) if (!m[1]) found.push(m[2]);
  for (const m of source.matchAll(DYNAMIC_IMPORT)) found.push(m[1]);
  return found;
}

const packageName = (specifier) => specifier.split("/").slice(0, specifier.startsWith("@") ? 2 : 1).join("/");

/** The import chain from `file` to the first server-only module it reaches, or null. */
export function serverImportChain(file, source = fs.readFileSync(file, "utf8"), seen = new Set()) {
  seen.add(file);
  for (const specifier of importsOf(source)) {
    if (SERVER_PACKAGES.has(packageName(specifier))) return [specifier];
    const target = resolveLocal(specifier, file);
    if (!target || seen.has(target)) continue;
    if (SERVER_DIRS.some((dir) => target.startsWith(dir))) return [specifier];
    const targetSource = fs.readFileSync(target, "utf8");
    // A "use server" module reaches the browser only as references to its actions, never as code.
    if (hasDirective(targetSource, "use server")) continue;
    const rest = serverImportChain(target, targetSource, seen);
    if (rest) return [specifier, ...rest];
  }
  return null;
}

function hasDirective(source, directive) {
  return new RegExp(`^(?:\\s|//[^\\n]*\\n|/\\*[\\s\\S]*?\\*/)*["']${directive}["']`).test(source);
}

export const isClientModule = (source) => hasDirective(source, "use client");

const rule = {
  meta: {
    type: "problem",
    docs: { description: 'Files with "use client" must not import lib/db (or drizzle, pg) directly or through other modules' },
    schema: [],
    messages: { serverImport: "Client component reaches server code: {{chain}}. Move what the browser needs into a file with no server imports." },
  },
  create(context) {
    return {
      Program(node) {
        const source = context.sourceCode.getText();
        if (!isClientModule(source)) return;
        const chain = serverImportChain(path.resolve(context.filename), source);
        if (chain) context.report({ node, messageId: "serverImport", data: { chain: chain.join(" → ") } });
      },
    };
  },
};

const plugin = { rules: { "no-server-import-in-client": rule } };
export default plugin;
