// npm run db:migrate – applies the drizzle/ migrations to DATABASE_URL (or the embedded dev server).
import { getDbHandle } from "@/lib/db";

const handle = await getDbHandle();
console.log("migrations applied");
await handle.close();
