// GET /dev/mailbox/:id – one received mail: HTML in a sandboxed iframe, and the plain text (dev and e2e only)
import type { Metadata } from "next";
import Link from "next/link";
import { notFound } from "next/navigation";
import { devMailboxEnabled, getDevMail } from "@/lib/mail/dev-mailbox";

export const metadata: Metadata = { title: "Dev mailbox" };
export const dynamic = "force-dynamic";

export default async function DevMailPage({ params }: { params: Promise<{ id: string }> }) {
  if (!devMailboxEnabled()) notFound();
  const mail = await getDevMail((await params).id);
  if (!mail) notFound();
  return (
    <main className="mx-auto max-w-4xl space-y-4 px-4 py-8">
      <Link href="/dev/mailbox" className="text-sm text-brand-700 underline">
        ← All mail
      </Link>
      <h1 className="text-2xl font-semibold">{mail.subject}</h1>
      <dl className="grid grid-cols-[6rem_1fr] gap-1 text-sm">
        <dt className="text-slate-600">From</dt>
        <dd>{mail.from}</dd>
        <dt className="text-slate-600">To</dt>
        <dd data-testid="dev-mail-to">{mail.to}</dd>
        <dt className="text-slate-600">Received</dt>
        <dd>{mail.receivedAt}</dd>
        {mail.attachments?.length ? (
          <>
            <dt className="text-slate-600">Attached</dt>
            <dd data-testid="dev-mail-attachments">{mail.attachments.map((a) => `${a.filename} (${a.contentType}, ${a.size} bytes)`).join(", ")}</dd>
          </>
        ) : null}
      </dl>
      {/* No allow-scripts, no allow-same-origin: the mail's HTML can neither run code nor reach the app. */}
      <iframe title="HTML part" sandbox="" srcDoc={mail.html} className="h-96 w-full rounded border border-slate-200 bg-white" />
      <h2 className="text-lg font-semibold">Plain text</h2>
      <pre className="whitespace-pre-wrap rounded border border-slate-200 bg-slate-50 p-3 text-sm" data-testid="dev-mail-text">
        {mail.text}
      </pre>
    </main>
  );
}
