/** Render a receipt to PDF bytes (server-side only: fonts come from node:fs). */
import { createElement, type ReactElement } from "react";
import { renderToBuffer, type DocumentProps } from "@react-pdf/renderer";
import { registerInvoiceFonts } from "@/lib/invoices/pdf/fonts";
import type { ReceiptView } from "../receipt-view";
import { ReceiptDocument } from "./receipt-document";

export async function renderReceiptPdf(receipt: ReceiptView): Promise<Buffer> {
  registerInvoiceFonts();
  const element = createElement(ReceiptDocument, { receipt }) as unknown as ReactElement<DocumentProps>;
  return renderToBuffer(element);
}
