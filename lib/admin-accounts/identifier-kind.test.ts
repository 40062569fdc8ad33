import { describe, expect, it } from "vitest";
import { identifierKinds, type IdentifierKind } from "./identifier-kind";

const prefixes = { invoicePrefix: "KH", creditNotePrefix: "KC" };

describe("identifierKinds: the lookup a search runs, from the query's shape", () => {
  const cases: [string, IdentifierKind[]][] = [
    ["priya@acme.in", ["email"]],
    ["  Priya@Acme.in ", ["email"]],
    ["acc_0123456789abcdef01234567", ["account_id"]],
    ["cm_0123456789abcdef", ["order_id"]],
    ["29ABCDE1234F1Z5", ["gstin"]],
    ["29abcde1234f1z5", ["gstin"]],
    ["KH-2627-000001", ["invoice_number"]],
    ["kh-2627-000123", ["invoice_number"]],
    ["KC-2627-000001", ["credit_note_number"]],
    ["RCPT/17/26-27", ["receipt_number"]],
    ["5114910", ["cf_order_id", "receipt_number"]],
    ["order_42", ["cf_order_id", "order_id", "receipt_number", "name"]],
    ["Acme Software", ["name"]],
    ["acme", ["name"]],
  ];
  it.each(cases)("%j → %j", (q, kinds) => {
    expect(identifierKinds(q, prefixes)).toEqual(kinds);
  });

  it("follows the configured prefixes", () => {
    expect(identifierKinds("INV-2627-000001", { invoicePrefix: "INV", creditNotePrefix: "CN" })).toEqual(["invoice_number"]);
    expect(identifierKinds("CN-2627-000001", { invoicePrefix: "INV", creditNotePrefix: "CN" })).toEqual(["credit_note_number"]);
  });
});
