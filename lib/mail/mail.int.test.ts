import { eq } from "drizzle-orm";
import { afterAll, beforeAll, expect, it } from "vitest";
import { EMAIL_VERIFICATION_TTL_MS, resendEmailVerification, verifyEmail } from "@/lib/accounts/email-verification";
import { signUp } from "@/lib/accounts/sign-up";
import { emails, emailVerificationTokens, users } from "@/lib/db/schema";
import { enqueueJob } from "@/lib/jobs/enqueue-job";
import { describeWithDatabase } from "@/lib/testing/database";
import { drainJobs, queuedJobs } from "@/lib/testing/run-jobs";
import { linkIn, startTestMailSink, tokenOf } from "@/lib/testing/mail-sink";
import { deliverEmail } from "./deliver-email";
import { enqueueEmail } from "./enqueue-email";
import type { MailTransport } from "./transport";

const address = (tag: string) => `${tag}-${Math.random().toString(36).slice(2, 8)}@mail.test`;

describeWithDatabase("email: outbox, delivery through SMTP, verification links", (ctx) => {
  let sink: Awaited<ReturnType<typeof startTestMailSink>>;
  beforeAll(async () => {
    sink = await startTestMailSink();
  });
  afterAll(async () => {
    await sink.stop();
  });

  it("sign-up records a verification mail; it arrives over SMTP with text and HTML and a working, single-use link", async () => {
    const email = address("newbie");
    const { userId, verificationEmailId } = await signUp(ctx.db, { email, name: "Nisha", passwordHash: null, accountName: "N Co" });
    expect(verificationEmailId).toBeTruthy();
    const [pending] = await ctx.db.select().from(emails).where(eq(emails.id, verificationEmailId!));
    expect(pending).toMatchObject({ to: email, template: "verify-email", status: "pending", attempts: 0 });

    expect(await deliverEmail(ctx.db, verificationEmailId!)).toBe("sent");
    const [mail] = sink.to(email);
    expect(mail?.subject).toBe("Confirm your email for Khata");
    expect(mail?.html).toContain("/verify-email?token=");
    const link = linkIn(mail!.text, "/verify-email?token=");
    const [sent] = await ctx.db.select().from(emails).where(eq(emails.id, verificationEmailId!));
    expect(sent).toMatchObject({ status: "sent", attempts: 1, lastError: null });
    expect(sent!.sentAt).toBeInstanceOf(Date);
    // The token is only in the mail: the database holds its hash.
    const stored = await ctx.db.select().from(emailVerificationTokens).where(eq(emailVerificationTokens.userId, userId));
    expect(stored).toHaveLength(1);
    expect(JSON.stringify(stored)).not.toContain(tokenOf(link));

    expect(await deliverEmail(ctx.db, verificationEmailId!)).toBe("already_sent"); // idempotent: never twice
    expect(sink.to(email)).toHaveLength(1);

    const [before] = await ctx.db.select().from(users).where(eq(users.id, userId));
    expect(before!.emailVerifiedAt).toBeNull();
    expect(await verifyEmail(ctx.db, { token: tokenOf(link) })).toEqual({ status: "verified", email });
    const [after] = await ctx.db.select().from(users).where(eq(users.id, userId));
    expect(after!.emailVerifiedAt).toBeInstanceOf(Date);
    expect(await verifyEmail(ctx.db, { token: tokenOf(link) })).toEqual({ status: "used" });
    expect(await verifyEmail(ctx.db, { token: "not-a-token" })).toEqual({ status: "invalid" });
    expect(await verifyEmail(ctx.db, { token: "A".repeat(43) })).toEqual({ status: "invalid" });
  });

  it("a verification link expires after 24 hours (injected clock); the resend button issues a fresh one", async () => {
    const email = address("late");
    const { userId, verificationEmailId } = await signUp(ctx.db, { email, name: "Late", passwordHash: null, accountName: "L Co" });
    await deliverEmail(ctx.db, verificationEmailId!);
    const token = tokenOf(linkIn(sink.to(email)[0]!.text, "/verify-email?token="));
    const later = new Date(Date.now() + EMAIL_VERIFICATION_TTL_MS + 1000);
    expect(await verifyEmail(ctx.db, { token, now: later })).toEqual({ status: "expired" });

    const { emailId } = await resendEmailVerification(ctx.db, { userId });
    expect(await deliverEmail(ctx.db, emailId!)).toBe("sent");
    const fresh = tokenOf(linkIn(sink.to(email)[1]!.text, "/verify-email?token="));
    expect(fresh).not.toBe(token);
    expect(await verifyEmail(ctx.db, { token: fresh })).toMatchObject({ status: "verified" });
    expect(await resendEmailVerification(ctx.db, { userId })).toEqual({ emailId: null }); // verified: nothing to send
  });

  it("a verified sign-up (OAuth, demo seed) gets no verification mail", async () => {
    const { verificationEmailId } = await signUp(ctx.db, { email: address("oauth"), name: "O", passwordHash: null, accountName: "O", emailVerifiedAt: new Date() });
    expect(verificationEmailId).toBeNull();
  });

  it("enqueueEmail dedupes by key; a failed delivery is recorded (secret-free) and a retry sends it once", async () => {
    const to = address("retry");
    const input = { to, template: "verify-email" as const, data: { name: "R", url: "http://localhost:3000/verify-email?token=x" }, dedupeKey: `test:${to}` };
    const id = await ctx.db.transaction((tx) => enqueueEmail(tx, input));
    expect(await ctx.db.transaction((tx) => enqueueEmail(tx, input))).toBe(id);

    const broken: MailTransport = { sendMail: async () => Promise.reject(new Error("connect ECONNREFUSED smtp://khata:hunter2secret@relay:25")) };
    expect(await deliverEmail(ctx.db, id, { transport: broken })).toBe("failed");
    const [failed] = await ctx.db.select().from(emails).where(eq(emails.id, id));
    expect(failed).toMatchObject({ status: "failed", attempts: 1 });
    expect(failed!.lastError).toContain("ECONNREFUSED");
    expect(failed!.lastError).not.toContain("hunter2secret");

    expect(await deliverEmail(ctx.db, id)).toBe("sent");
    expect(await deliverEmail(ctx.db, id)).toBe("already_sent");
    expect(sink.to(to)).toHaveLength(1);
    expect(await deliverEmail(ctx.db, "eml_missing")).toBe("not_found");
  });
});

describeWithDatabase("email through the job runner", (ctx) => {
  let sink: Awaited<ReturnType<typeof startTestMailSink>>;
  beforeAll(async () => {
    sink = await startTestMailSink();
  });
  afterAll(async () => {
    await sink.stop();
  });

  it("the job queued with the mail sends it once; working the queue again (a retried or duplicated job) sends nothing more", async () => {
    const email = address("queued");
    const { verificationEmailId } = await signUp(ctx.db, { email, name: "Queued", passwordHash: null, accountName: "Q Co" });
    expect((await queuedJobs(ctx.db)).filter((j) => j.task_identifier === "send-email")).toMatchObject([{ key: `email:${verificationEmailId}` }]);
    await drainJobs(ctx);
    expect(sink.to(email)).toHaveLength(1);
    const [sent] = await ctx.db.select().from(emails).where(eq(emails.id, verificationEmailId!));
    expect(sent).toMatchObject({ status: "sent", attempts: 1 });

    // The same job again (graphile-worker is at-least-once): the sent row is never sent twice.
    await enqueueJob(ctx.db, "send-email", { emailId: verificationEmailId! });
    await drainJobs(ctx);
    expect(sink.to(email)).toHaveLength(1);
    expect((await queuedJobs(ctx.db)).filter((j) => j.task_identifier === "send-email")).toEqual([]);
  });
});
