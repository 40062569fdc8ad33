// GET /dev/mailbox – mails the local SMTP sink received (development and e2e only; 404 in production)
import type { Metadata } from "next";
import Link from "next/link";
import { notFound } from "next/navigation";
import { devMailboxEnabled, listDevMails } from "@/lib/mail/dev-mailbox";

export const metadata: Metadata = { title: "Dev mailbox" };
export const dynamic = "force-dynamic";

export default async function DevMailboxPage() {
  if (!devMailboxEnabled()) notFound();
  const mails = await listDevMails();
  return (
    <main className="mx-auto max-w-4xl px-4 py-8">
      <h1 className="mb-2 text-2xl font-semibold">Dev mailbox</h1>
      <p className="mb-6 text-sm text-slate-600">Every mail the app sent to the local SMTP sink, newest first. Never available in production.</p>
      {mails.length === 0 ? (
        <p className="text-sm text-slate-600">No mail yet.</p>
      ) : (
        <table className="w-full text-left text-sm">
          <thead>
            <tr className="border-b border-slate-200">
              <th className="py-2">To</th>
              <th className="py-2">Subject</th>
              <th className="py-2">Received</th>
            </tr>
          </thead>
          <tbody>
            {mails.map((m) => (
              <tr key={m.id} className="border-b border-slate-100" data-testid="dev-mail">
                <td className="py-2">{m.to}</td>
                <td className="py-2">
                  <Link href={`/dev/mailbox/${m.id}`} className="text-brand-700 underline">
                    {m.subject || "(no subject)"}
                  </Link>
                </td>
                <td className="py-2">{new Date(m.receivedAt).toLocaleString("en-IN", { timeZone: "Asia/Kolkata" })}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </main>
  );
}
