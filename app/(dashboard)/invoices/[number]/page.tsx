import type { Metadata } from "next";
import Link from "next/link";
import { notFound } from "next/navigation";
import { InvoiceDocument } from "@/components/billing/invoice-document";
import { PageHeader } from "@/components/ui";
import { requireAccountMember } from "@/lib/auth/page-session";
import { getDb } from "@/lib/db";
import { AppError } from "@/lib/errors";
import { invoiceNumberSchema } from "@/lib/gst/invoice-number";
import { getInvoice } from "@/lib/invoices/get-invoice";

type Params = { params: Promise<{ number: string }> };

export async function generateMetadata({ params }: Params): Promise<Metadata> {
  return { title: `Invoice ${(await params).number}` };
}

export default async function InvoicePage({ params }: Params) {
  const member = await requireAccountMember();
  const parsed = invoiceNumberSchema.safeParse((await params).number);
  if (!parsed.success) notFound();
  let invoice;
  try {
    invoice = await getInvoice(await getDb(), { accountId: member.account.accountId, invoiceNumber: parsed.data });
  } catch (error) {
    if (error instanceof AppError && error.code === "not_found") notFound();
    throw error;
  }
  const number = invoice.invoice_number;
  return (
    <>
      <nav aria-label="Breadcrumb" className="mb-2 text-sm">
        <Link href="/invoices" className="font-medium text-brand-700 hover:underline">
          ← Invoices
        </Link>
      </nav>
      <PageHeader
        title={`Invoice ${number}`}
        description={`Tax invoice issued ${invoice.snapshot.issuedAtIst} for order ${invoice.order_id}.`}
        actions={
          <a
            href={`/api/v1/invoices/${number}/pdf`}
            download
            data-testid="invoice-pdf-link"
            className="inline-flex min-h-10 items-center gap-2 rounded-md bg-brand-600 px-4 text-sm font-medium text-white hover:bg-brand-700"
          >
            Download PDF
          </a>
        }
      />
      <InvoiceDocument invoice={invoice.snapshot} />
    </>
  );
}
