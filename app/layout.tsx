import type { Metadata } from "next";
import "./globals.css";

export const metadata: Metadata = {
  title: { default: "Khata", template: "%s · Khata" },
  description: "Prepaid credits, plans and GST invoices for Indian SaaS, paid through Cashfree.",
};

export default function RootLayout({ children }: { children: React.ReactNode }) {
  return (
    <html lang="en-IN">
      <body className="min-h-screen">{children}</body>
    </html>
  );
}
