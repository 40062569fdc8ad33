/**
 * The IRP's INV-01 payload (e-invoice schema version 1.1) of a B2B tax invoice, from its immutable snapshot. Pure.
 * Amounts are rupees (2 decimals, exact from paise); dates dd/mm/yyyy IST; one service line (IsServc "Y", SAC as
 * HsnCd, quantity 1, unit OTH), its taxes the invoice's, the invoice's round-off as RndOffAmt.
 */
import type { IssuedInvoiceView } from "@/lib/gst/compute-invoice";
import { paiseToRupees } from "@/lib/money/format-inr";
import { istDateString } from "@/lib/money/ist";

export const INV01_VERSION = "1.1";

export type Inv01Result = { ok: true; payload: Inv01 } | { ok: false; reason: string };

export interface Inv01Party {
  Gstin: string;
  LglNm: string;
  Addr1: string;
  Addr2?: string;
  Loc: string;
  Pin: number;
  Stcd: string;
  Em?: string;
}

export interface Inv01 {
  Version: string;
  TranDtls: { TaxSch: "GST"; SupTyp: "B2B"; RegRev: "N"; IgstOnIntra: "N" };
  DocDtls: { Typ: "INV"; No: string; Dt: string };
  SellerDtls: Inv01Party;
  BuyerDtls: Inv01Party & { Pos: string };
  ItemList: {
    SlNo: string;
    PrdDesc: string;
    IsServc: "Y";
    HsnCd: string;
    Qty: number;
    Unit: string;
    UnitPrice: number;
    TotAmt: number;
    AssAmt: number;
    GstRt: number;
    IgstAmt: number;
    CgstAmt: number;
    SgstAmt: number;
    TotItemVal: number;
  }[];
  ValDtls: { AssVal: number; CgstVal: number; SgstVal: number; IgstVal: number; RndOffAmt: number; TotInvVal: number };
}

/** "Koramangala, Bengaluru 560034" → location and PIN: the last line holding a 6-digit PIN. */
function locationOf(lines: string[]): { addr: string[]; loc: string; pin: number } | null {
  for (let i = lines.length - 1; i >= 0; i--) {
    const m = /^(.*?)[\s,-]*\b([1-9]\d{5})\b\s*$/.exec(lines[i]!);
    if (m) {
      const loc = m[1]!.replace(/[,\s]+$/, "").trim();
      const addr = lines.filter((_, j) => j !== i);
      return { addr: addr.length > 0 ? addr : [loc], loc: loc.length >= 3 ? loc : lines[0]!, pin: Number(m[2]) };
    }
  }
  return null;
}

/** IRP text fields refuse double quotes and cap lengths. */
const text = (s: string, max: number) => s.replace(/"/g, "'").slice(0, max);

function party(p: IssuedInvoiceView["supplier"] | IssuedInvoiceView["recipient"], role: string): Inv01Party | string {
  if (!p.gstin) return `${role} has no GSTIN`;
  const place = locationOf(p.addressLines);
  if (!place) return `${role} address has no 6-digit PIN code`;
  const [addr1, ...rest] = place.addr;
  const out: Inv01Party = { Gstin: p.gstin, LglNm: text(p.legalName, 100), Addr1: text(addr1 ?? place.loc, 100), Loc: text(place.loc, 50), Pin: place.pin, Stcd: p.stateCode };
  const addr2 = rest.join(", ");
  if (addr2.length >= 3) out.Addr2 = text(addr2, 100);
  if (p.email && /^[a-zA-Z0-9+_.-]+@[a-zA-Z0-9.-]+$/.test(p.email) && p.email.length >= 6) out.Em = p.email;
  return out;
}

export function buildInv01(invoice: IssuedInvoiceView, issuedAt: Date): Inv01Result {
  if (!invoice.recipientRegistered || !invoice.recipient.gstin) return { ok: false, reason: "not a B2B invoice (the recipient has no GSTIN)" };
  const seller = party(invoice.supplier, "supplier");
  if (typeof seller === "string") return { ok: false, reason: seller };
  const buyer = party(invoice.recipient, "recipient");
  if (typeof buyer === "string") return { ok: false, reason: buyer };
  const line = invoice.lineItems[0];
  if (!line || invoice.lineItems.length !== 1) return { ok: false, reason: "expected one line item" };
  const t = invoice.totals;
  const r = (paise: string | undefined) => paiseToRupees(BigInt(paise ?? "0"));
  const [y, m, d] = istDateString(issuedAt).split("-");
  const assessable = r(t.taxablePaise);
  return {
    ok: true,
    payload: {
      Version: INV01_VERSION,
      TranDtls: { TaxSch: "GST", SupTyp: "B2B", RegRev: "N", IgstOnIntra: "N" },
      DocDtls: { Typ: "INV", No: invoice.invoiceNumber, Dt: `${d}/${m}/${y}` },
      SellerDtls: seller,
      BuyerDtls: { ...buyer, Pos: invoice.placeOfSupply.stateCode },
      ItemList: [
        {
          SlNo: "1",
          PrdDesc: text(line.description, 300),
          IsServc: "Y",
          HsnCd: line.sacCode,
          Qty: 1,
          Unit: "OTH",
          UnitPrice: assessable,
          TotAmt: assessable,
          AssAmt: assessable,
          GstRt: Number(invoice.taxRatePercent),
          IgstAmt: r(t.igstPaise),
          CgstAmt: r(t.cgstPaise),
          SgstAmt: r(t.sgstPaise),
          TotItemVal: r(line.totalPaise),
        },
      ],
      ValDtls: {
        AssVal: assessable,
        CgstVal: r(t.cgstPaise),
        SgstVal: r(t.sgstPaise),
        IgstVal: r(t.igstPaise),
        RndOffAmt: r(t.roundOffPaise),
        TotInvVal: r(t.totalPaise),
      },
    },
  };
}
