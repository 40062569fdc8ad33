// npm run db:seed – migrate, then create the demo account and logins (idempotent), and print them.
// SEED_DEMO_HISTORY=1 (set by `npm run dev`) also gives the demo account a little payment and usage history.
import { eq } from "drizzle-orm";
import { hashPassword } from "@/lib/auth/password";
import { getDbHandle } from "@/lib/db";
import { accounts, billingProfiles, memberships, users } from "@/lib/db/schema";
import { signUp } from "@/lib/accounts/sign-up";
import { seedDemoHistory } from "./seed-demo-history";

export const DEMO_PASSWORD = "khata-demo-123";
const DEMO = [
  { email: "owner@khata.test", name: "Asha Owner", role: "owner" as const },
  { email: "admin@khata.test", name: "Arjun Admin", role: "admin" as const },
  { email: "member@khata.test", name: "Meera Member", role: "member" as const },
];
const OPERATOR = { email: "operator@khata.test", name: "Omar Operator" };
/** A second operator: two-person steps (an offline payment's cancellation) need a checker other than the maker. */
const SECOND_OPERATOR = { email: "operator2@khata.test", name: "Olga Operator" };

const handle = await getDbHandle();
const db = handle.db;
const passwordHash = await hashPassword(DEMO_PASSWORD);

let [owner] = await db.select().from(users).where(eq(users.email, DEMO[0]!.email));
let accountId: string;
if (!owner) {
  const created = await signUp(db, { email: DEMO[0]!.email, name: DEMO[0]!.name, passwordHash, accountName: "Acme Analytics Pvt Ltd", emailVerifiedAt: new Date() }); // demo users are verified
  accountId = created.accountId;
  [owner] = await db.select().from(users).where(eq(users.email, DEMO[0]!.email));
  for (const person of DEMO.slice(1)) {
    const { userId, accountId: ownAccount } = await signUp(db, {
      email: person.email,
      name: person.name,
      passwordHash,
      accountName: `${person.name}'s account`,
      emailVerifiedAt: new Date(),
    });
    // Demo teammates belong to Acme only.
    await db.delete(accounts).where(eq(accounts.id, ownAccount));
    await db.insert(memberships).values({ accountId, userId, role: person.role });
  }
  await db.insert(billingProfiles).values({
    accountId,
    legalName: "Acme Analytics Private Limited",
    addressLine1: "12, Bandra Kurla Complex",
    city: "Mumbai",
    postalCode: "400051",
    stateCode: "27",
    phone: "9876543210",
    email: "billing@acme.example",
    gstin: "27AAPFU0939F1ZV",
  });
  await signUp(db, { email: OPERATOR.email, name: OPERATOR.name, passwordHash, accountName: "Khata Operations", isOperator: true, emailVerifiedAt: new Date() });
  if (process.env.SEED_DEMO_HISTORY === "1") await seedDemoHistory(db, { accountId, ownerUserId: owner!.id });
} else {
  const [m] = await db.select().from(memberships).where(eq(memberships.userId, owner.id));
  accountId = m!.accountId;
}
// Separately idempotent, so databases seeded before it existed get it too.
const [secondOperator] = await db.select({ id: users.id }).from(users).where(eq(users.email, SECOND_OPERATOR.email));
if (!secondOperator) {
  await signUp(db, { email: SECOND_OPERATOR.email, name: SECOND_OPERATOR.name, passwordHash, accountName: "Khata Operations (2)", isOperator: true, emailVerifiedAt: new Date() });
}

console.log(`
  Khata demo data is ready. Sign in at ${process.env.APP_URL ?? "http://localhost:3000"} with:

    owner     owner@khata.test     ${DEMO_PASSWORD}
    admin     admin@khata.test     ${DEMO_PASSWORD}
    member    member@khata.test    ${DEMO_PASSWORD}
    operator  operator@khata.test  ${DEMO_PASSWORD}   (platform operator: coupons, flagged orders)
    operator  operator2@khata.test ${DEMO_PASSWORD}   (a second operator: approves another's cancel request)

  Demo account: Acme Analytics Pvt Ltd (${accountId})
`);
await handle.close();
