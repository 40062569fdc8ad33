import { eq } from "drizzle-orm";
import type { Db } from "@/lib/db";
import { accounts } from "@/lib/db/schema";
import { notFound } from "@/lib/errors";

export async function getAccount(db: Db, accountId: string) {
  const [account] = await db.select().from(accounts).where(eq(accounts.id, accountId)).limit(1);
  if (!account) throw notFound("Account");
  return account;
}
