import type { Metadata } from "next";
import { connection } from "next/server";
import "./globals.css";

export const metadata: Metadata = {
  title: { default: "Khata", template: "%s · Khata" },
  description: "Prepaid credits, plans and GST invoices for Indian SaaS, paid through Cashfree.",
};

export default async function RootLayout({ children }: { children: React.ReactNode }) {
  // Every page renders per request, so Next can put this response's CSP nonce (proxy.ts) on its scripts; a
  // prerendered page (the 404 page was one) would carry no nonce and its scripts would be blocked.
  await connection();
  return (
    <html lang="en-IN">
      <body className="min-h-screen">{children}</body>
    </html>
  );
}
