import { expect, it } from "vitest";
import { listInvoices, listInvoicesQuerySchema } from "@/lib/invoices/list-invoices";
import { describeWithDatabase } from "@/lib/testing/database";
import { createAccount } from "@/lib/testing/factories";
import { createInvoicedOrder } from "@/lib/testing/invoices";
import { historyQuerySchema } from "./history-query";
import { listHistory } from "./list-history";

describeWithDatabase("search payments and invoices by number", (ctx) => {
  it("a payment by its order id or its invoice number (any case); invoices by a number prefix; another account's never", async () => {
    const { accountId } = await createAccount(ctx.db);
    const other = await createAccount(ctx.db);
    const a = await createInvoicedOrder(ctx.db, { accountId });
    const b = await createInvoicedOrder(ctx.db, { accountId });
    const foreign = await createInvoicedOrder(ctx.db, { accountId: other.accountId });

    const payments = async (account: string, number: string) => {
      const r = await listHistory(ctx.db, account, historyQuerySchema.parse({ number }));
      return "payments" in r ? r.payments.map((p) => p.order_id) : [];
    };
    expect(await payments(accountId, a.order.id)).toEqual([a.order.id]);
    expect(await payments(accountId, b.invoice.invoiceNumber.toLowerCase())).toEqual([b.order.id]);
    expect(await payments(accountId, foreign.order.id)).toEqual([]);
    expect(await payments(accountId, foreign.invoice.invoiceNumber)).toEqual([]);

    const invoices = async (account: string, number: string) =>
      (await listInvoices(ctx.db, account, listInvoicesQuerySchema.parse({ number }))).invoices.map((i) => i.invoice_number).sort();
    expect(await invoices(accountId, a.invoice.invoiceNumber)).toEqual([a.invoice.invoiceNumber]);
    expect(await invoices(accountId, a.invoice.invoiceNumber.slice(0, 3).toLowerCase())).toEqual([a.invoice.invoiceNumber, b.invoice.invoiceNumber].sort());
    expect(await invoices(accountId, "%")).toEqual([]);
    expect(await invoices(other.accountId, a.invoice.invoiceNumber)).toEqual([]);
    expect(historyQuerySchema.safeParse({ number: "" }).success).toBe(false);
  });
});
