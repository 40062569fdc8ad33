// Builds with CASHFREE_ENV=sandbox and fake keys, then proves the browser bundle holds no secret, no emulator code
// and no database table definition (a client component that reaches lib/db/schema ships drizzle and the schema).
import { spawnSync } from "node:child_process";
import fs from "node:fs";
import path from "node:path";

const distDir = ".next-sandbox-check";
const secrets = {
  CASHFREE_CLIENT_SECRET: "cfsk_ma_test_FAKE_SECRET_5d41402abc4b2a76b9719d911017c592",
  CASHFREE_PAYOUT_CLIENT_SECRET: "cfsk_po_test_FAKE_PAYOUT_SECRET_9e107d9d372bb6826bd81d3542a419d6",
  AUTH_SECRET: "auth_FAKE_SECRET_7215ee9c7d9dc229d2921a40e899ec5f_7215ee9c",
};
const env = {
  ...process.env,
  NODE_ENV: "production",
  NEXT_DIST_DIR: distDir,
  CASHFREE_ENV: "sandbox",
  CASHFREE_CLIENT_ID: "FAKE_CLIENT_ID_123",
  CASHFREE_PAYOUT_CLIENT_ID: "FAKE_PAYOUT_CLIENT_ID_456",
  ...secrets,
  SUPPLIER_LEGAL_NAME: "Check Pvt Ltd",
  SUPPLIER_ADDRESS: "Bengaluru",
  SUPPLIER_STATE_CODE: "29",
  SUPPLIER_GSTIN: "29AAGCB7383J1Z4",
  // Nothing listens there: mails are recorded in the emails table and their delivery fails harmlessly.
  SMTP_URL: "smtp://127.0.0.1:9",
  MAIL_FROM: "Khata <no-reply@khata.localhost>",
};
const build = spawnSync("npx", ["next", "build"], { env, stdio: "inherit" });
if (build.status !== 0) {
  console.error("bundle check: the sandbox build failed");
  process.exit(1);
}

const files = [];
const walk = (dir) => {
  for (const e of fs.readdirSync(dir, { withFileTypes: true })) {
    const full = path.join(dir, e.name);
    if (e.isDirectory()) walk(full);
    else if (/\.(js|css|html|json|map)$/.test(e.name)) files.push(full);
  }
};
walk(path.join(distDir, "static"));

// Markers that only exist in the emulator's server code and in the secrets.
const forbidden = {
  ...secrets,
  "emulator server": "startEmulator",
  "emulator control API": "__control",
  "emulator checkout script": "Cashfree emulator SDK stand-in",
};
// drizzle's table brand (a Symbol.for key that survives minification) and every table name in lib/db/schema.ts.
forbidden["drizzle table definitions"] = "drizzle:IsDrizzleTable";
const schemaSource = fs.readFileSync("lib/db/schema.ts", "utf8");
const tableNames = [...schemaSource.matchAll(/pgTable\(\s*"([a-z0-9_]+)"/g)].map((m) => m[1]);
if (tableNames.length === 0) {
  console.error("bundle check: no pgTable(\"…\") found in lib/db/schema.ts; update the table-name scan");
  process.exit(1);
}
// Quoted either way: the minifier picks the quote.
for (const table of tableNames) forbidden[`table ${table}`] = new RegExp(`["'\`]${table}["'\`]`);

const problems = [];
for (const file of files) {
  const text = fs.readFileSync(file, "utf8");
  for (const [name, marker] of Object.entries(forbidden)) if (typeof marker === "string" ? text.includes(marker) : marker.test(text)) problems.push(`${name} found in ${file}`);
}
fs.rmSync(distDir, { recursive: true, force: true });
if (problems.length) {
  console.error(`bundle check FAILED:\n  ${problems.join("\n  ")}`);
  process.exit(1);
}
console.log(`bundle check: ${files.length} client files scanned; no secret, no emulator code, none of ${tableNames.length} tables (CASHFREE_ENV=sandbox build)`);
