/**
 * Render an issued credit note's snapshot to PDF bytes (server-side only: uses node:fs for fonts).
 */
import { createElement } from "react";
import { renderToBuffer, type DocumentProps } from "@react-pdf/renderer";
import type { ReactElement } from "react";
import { registerInvoiceFonts } from "@/lib/invoices/pdf/fonts";
import type { IssuedCreditNoteSnapshot } from "../credit-note-snapshot";
import { CreditNoteDocument } from "./credit-note-document";

export async function renderCreditNotePdf(note: IssuedCreditNoteSnapshot): Promise<Buffer> {
  registerInvoiceFonts();
  // renderToBuffer is typed to take a <Document> element; CreditNoteDocument renders one.
  const element = createElement(CreditNoteDocument, { note }) as unknown as ReactElement<DocumentProps>;
  return renderToBuffer(element);
}
