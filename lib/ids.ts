import { randomBytes } from "node:crypto";

/** Prefixed random identifiers (`acc_…`, `usr_…`). Orders use `cm_` + 16 hex, as in seed 000. */
export function newId(prefix: string, bytes = 12): string {
  return `${prefix}_${randomBytes(bytes).toString("hex")}`;
}

export const newOrderId = () => `cm_${randomBytes(8).toString("hex")}`;
