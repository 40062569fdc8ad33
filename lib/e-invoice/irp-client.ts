/**
 * The Invoice Registration Portal behind an interface: Khata sends the INV-01 payload and gets the IRN, the
 * acknowledgement and the signed QR back. No IRP (or GSP) is reachable from this project, so the only client is the
 * local stand-in, which answers as the IRP's Generate IRN API does: the IRN is SHA-256 (hex) of the supplier GSTIN,
 * the financial year, the document type and number (NIC's definition), so registering one document twice returns the
 * same IRN (the IRP answers a repeat with the existing IRN too); the signed QR is a JWT of the fields NIC's QR
 * carries (SellerGstin, BuyerGstin, DocNo, DocTyp, DocDt, TotInvVal, ItemCnt, MainHsnCode, Irn, IrnDt), signed here
 * with HS256 and a fixed development key — the real IRP signs RS256 with NIC's key, which only NIC holds.
 */
import { createHash, createHmac } from "node:crypto";
import { getEnv } from "@/lib/config/env";
import { financialYearOf } from "@/lib/money/ist";
import type { Inv01 } from "./build-inv01";

export interface IrnRegistration {
  irn: string;
  ackNo: string;
  ackAt: Date;
  signedQrCode: string;
}

export interface IrpClient {
  /** Generate IRN. Throws on a refusal or an unreachable IRP (the caller's job retries with backoff). */
  generateIrn(payload: Inv01): Promise<IrnRegistration>;
}

const base64url = (s: string | Buffer) => Buffer.from(s).toString("base64url");
const LOCAL_KEY = "khata-local-irp-stand-in";

export function localIrp(options: { now?: () => Date } = {}): IrpClient {
  return {
    async generateIrn(payload) {
      const [d, m, y] = payload.DocDtls.Dt.split("/");
      const fy = financialYearOf(new Date(`${y}-${m}-${d}T12:00:00+05:30`)).fy;
      const irn = createHash("sha256").update(`${payload.SellerDtls.Gstin}${fy}${payload.DocDtls.Typ}${payload.DocDtls.No}`).digest("hex");
      const ackAt = (options.now ?? (() => new Date()))();
      // 15 digits, stable per IRN (the IRP's are sequential; only their uniqueness matters here).
      const ackNo = (BigInt(`0x${irn.slice(0, 15)}`) % 10n ** 15n).toString().padStart(15, "1");
      const claims = {
        data: JSON.stringify({
          SellerGstin: payload.SellerDtls.Gstin,
          BuyerGstin: payload.BuyerDtls.Gstin,
          DocNo: payload.DocDtls.No,
          DocTyp: payload.DocDtls.Typ,
          DocDt: payload.DocDtls.Dt,
          TotInvVal: payload.ValDtls.TotInvVal,
          ItemCnt: payload.ItemList.length,
          MainHsnCode: payload.ItemList[0]?.HsnCd,
          Irn: irn,
          IrnDt: ackAt.toISOString(),
        }),
        iss: "NIC (local stand-in)",
      };
      const unsigned = `${base64url(JSON.stringify({ alg: "HS256", typ: "JWT" }))}.${base64url(JSON.stringify(claims))}`;
      const signature = base64url(createHmac("sha256", LOCAL_KEY).update(unsigned).digest());
      return { irn, ackNo, ackAt, signedQrCode: `${unsigned}.${signature}` };
    },
  };
}

/** The configured IRP client, or null when e-invoicing does not apply (no IRP, or turnover at or under the threshold). */
export function configuredIrp(): IrpClient | null {
  const env = getEnv();
  if (env.EINVOICE_IRP === "off") return null;
  if (env.SUPPLIER_AGGREGATE_TURNOVER_RUPEES <= env.EINVOICE_TURNOVER_THRESHOLD_RUPEES) return null;
  return localIrp();
}
