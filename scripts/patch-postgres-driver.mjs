// postinstall: fixes a write/close race in postgres.js 3.4.9 (porsager/postgres#1066, #1154, #1208; fixes proposed
// in PRs #1168/#1209, unreleased). Found by reliability test 3 (Postgres restarted under load, docs/RELIABILITY.md):
//  1. closed()/terminate() cancel the pending setImmediate(nextWrite) but leave `nextWriteTimer` non-null and the
//     old bytes in `chunk`, so the reconnected socket never flushes its startup message: every query on that pooled
//     connection hangs until connect_timeout, again and again ("poisoned" connection);
//  2. nextWrite() can run with `socket === null` and throws from a timer: an uncaught TypeError in the server.
// The patch nulls both variables on teardown and makes nextWrite reject the connection's queries with
// CONNECTION_CLOSED instead of throwing. Idempotent; only touches postgres@3.4.9 and says so otherwise.
import fs from "node:fs";
import path from "node:path";

const root = path.join(process.cwd(), "node_modules", "postgres");
const MARK = "/* khata: write/close race patch */";
let pkg;
try {
  pkg = JSON.parse(fs.readFileSync(path.join(root, "package.json"), "utf8"));
} catch {
  process.exit(0); // not installed (yet)
}
if (pkg.version !== "3.4.9") {
  console.warn(`[patch-postgres-driver] postgres@${pkg.version} is not 3.4.9: patch not applied; check whether upstream fixed #1208 and update scripts/patch-postgres-driver.mjs.`);
  process.exit(0);
}

const edits = [
  [
    "  function nextWrite(fn) {\n    const x = socket.write(chunk, fn)",
    `  function nextWrite(fn) {\n    ${MARK}\n    if (socket === null) {\n      nextWriteTimer !== null && clearImmediate(nextWriteTimer)\n      chunk = nextWriteTimer = null\n      error(Errors.connection('CONNECTION_CLOSED', options))\n      return false\n    }\n    const x = socket.write(chunk, fn)`,
  ],
  ["    clearImmediate(nextWriteTimer)\n    if (socket) {", "    clearImmediate(nextWriteTimer)\n    chunk = nextWriteTimer = null\n    if (socket) {"],
  ["    connectTimer.cancel()\n\n    socket.removeAllListeners()", "    connectTimer.cancel()\n    chunk = nextWriteTimer = null\n\n    socket.removeAllListeners()"],
];

for (const flavour of ["src", "cjs/src", "cf/src"]) {
  const file = path.join(root, flavour, "connection.js");
  if (!fs.existsSync(file)) continue;
  let text = fs.readFileSync(file, "utf8");
  if (text.includes(MARK)) continue;
  for (const [from, to] of edits) {
    if (!text.includes(from)) {
      console.error(`[patch-postgres-driver] ${flavour}/connection.js does not look like postgres@3.4.9; not patched.`);
      process.exit(1);
    }
    text = text.replace(from, to);
  }
  fs.writeFileSync(file, text);
  console.log(`[patch-postgres-driver] patched postgres/${flavour}/connection.js`);
}
