// npm run db:migrate – applies drizzle/ migrations to DATABASE_URL (postgres.js) or the PGlite folder.
import { getDbHandle } from "@/lib/db";

const handle = await getDbHandle();
console.log(`migrations applied (${handle.engine})`);
await handle.close();
