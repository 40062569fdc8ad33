import fs from "node:fs/promises";
import path from "node:path";
import { getEnv } from "@/lib/config/env";

/** A mail the local SMTP sink (scripts/lib/dev-mail-sink.mjs) stored. */
export interface DevMail {
  id: string;
  receivedAt: string;
  from: string;
  to: string;
  subject: string;
  text: string;
  html: string;
  /** Absent in mails stored before the sink recorded attachments. */
  attachments?: { filename: string; contentType: string; size: number }[];
}

/** The dev mailbox is for development and tests; under production only the e2e run switches it on. */
export function devMailboxEnabled(): boolean {
  const env = getEnv();
  return !env.isProduction || env.DEV_MAILBOX;
}

const SAFE_ID = /^[0-9a-f-]{1,40}$/;

/** Received mails, newest first. */
export async function listDevMails(dir = getEnv().DEV_MAILBOX_DIR, limit = 100): Promise<DevMail[]> {
  let names: string[];
  try {
    names = await fs.readdir(dir);
  } catch {
    return [];
  }
  const files = names.filter((n) => n.endsWith(".json")).sort().reverse().slice(0, limit);
  return Promise.all(files.map(async (f) => JSON.parse(await fs.readFile(path.join(dir, f), "utf8")) as DevMail));
}

export async function getDevMail(id: string, dir = getEnv().DEV_MAILBOX_DIR): Promise<DevMail | null> {
  if (!SAFE_ID.test(id)) return null;
  try {
    return JSON.parse(await fs.readFile(path.join(dir, `${id}.json`), "utf8")) as DevMail;
  } catch {
    return null;
  }
}
