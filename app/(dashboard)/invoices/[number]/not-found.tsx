import Link from "next/link";
import { EmptyState } from "@/components/ui";

export default function InvoiceNotFound() {
  return (
    <EmptyState title="Invoice not found">
      There&apos;s no invoice with this number on this account.{" "}
      <Link href="/invoices" className="font-medium text-brand-700 underline">
        See all invoices
      </Link>
    </EmptyState>
  );
}
