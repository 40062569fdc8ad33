import { createElement, type ReactElement } from "react";
import { renderToBuffer, type DocumentProps } from "@react-pdf/renderer";
import { eq } from "drizzle-orm";
import { getEnv } from "@/lib/config/env";
import type { Executor } from "@/lib/db";
import { accounts, billingProfiles } from "@/lib/db/schema";
import { notFound } from "@/lib/errors";
import { registerInvoiceFonts } from "@/lib/invoices/pdf/fonts";
import { istDateString } from "@/lib/money/ist";
import type { IstPeriod } from "@/lib/validation/ist-period";
import { listStatement, type StatementLine } from "../list-statement";
import { monthlyBalances } from "../monthly-balances";
import { StatementDocument, type StatementPdfData } from "./statement-document";

/** Lines one PDF carries (usage is one line a day, so this is years of an ordinary account). */
export const MAX_PDF_LINES = 3000;

/**
 * The statement of account for a period as a PDF, rendered on request (a statement is a view of the ledger, not
 * a numbered document, so it is not stored). Lines are read page by page through listStatement. Read-only,
 * filtered by the account; an unknown account is a 404.
 */
export async function getStatementPdf(db: Executor, accountId: string, period: IstPeriod, now = new Date()): Promise<{ filename: string; bytes: Buffer }> {
  const [account] = await db
    .select({ name: accounts.name, legalName: billingProfiles.legalName, gstin: billingProfiles.gstin })
    .from(accounts)
    .leftJoin(billingProfiles, eq(billingProfiles.accountId, accounts.id))
    .where(eq(accounts.id, accountId));
  if (!account) throw notFound("Account");
  const balances = await monthlyBalances(db, accountId, period, now);
  const lines: StatementLine[] = [];
  let page = await listStatement(db, accountId, { period, group: "day", limit: 200 });
  lines.push(...page.lines);
  while (page.nextKey && lines.length < MAX_PDF_LINES) {
    page = await listStatement(db, accountId, { period, group: "day", limit: 200, after: page.nextKey });
    lines.push(...page.lines);
  }
  const from = balances.months[0]?.from ?? period.from ?? istDateString(now);
  const to = balances.months.at(-1)?.to ?? period.to ?? istDateString(now);
  const data: StatementPdfData = {
    supplierName: getEnv().SUPPLIER_LEGAL_NAME,
    accountName: account.name,
    legalName: account.legalName,
    gstin: account.gstin,
    from,
    to,
    generatedAt: now,
    balances,
    lines: lines.slice(0, MAX_PDF_LINES),
    truncated: lines.length > MAX_PDF_LINES || page.nextKey !== null,
  };
  registerInvoiceFonts();
  const element = createElement(StatementDocument, { data }) as unknown as ReactElement<DocumentProps>;
  return { filename: `statement-${from}_${to}.pdf`, bytes: await renderToBuffer(element) };
}
