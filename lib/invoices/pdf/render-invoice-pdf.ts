/**
 * Render an issued invoice snapshot to PDF bytes (server-side only: uses node:fs for fonts).
 */
import { createElement } from "react";
import { renderToBuffer, type DocumentProps } from "@react-pdf/renderer";
import type { ReactElement } from "react";
import type { IssuedInvoiceView } from "@/lib/gst/compute-invoice";
import { registerInvoiceFonts } from "./fonts";
import { InvoiceDocument } from "./invoice-document";

export async function renderInvoicePdf(view: IssuedInvoiceView): Promise<Buffer> {
  registerInvoiceFonts();
  // renderToBuffer is typed to take a <Document> element; InvoiceDocument renders one.
  const element = createElement(InvoiceDocument, { invoice: view }) as unknown as ReactElement<DocumentProps>;
  return renderToBuffer(element);
}
