import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { resetEnvForTests } from "@/lib/config/env";
import { startDevMailSink, type DevMailSink, type SinkMessage } from "../../scripts/lib/dev-mail-sink.mjs";

/**
 * The local SMTP sink in-process on a free port, with the app's SMTP_URL pointed at it, for a suite's
 * lifetime. `messages` holds what arrived, in order (the sink has answered before sendMail resolves).
 */
export async function startTestMailSink() {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "khata-mail-"));
  const messages: SinkMessage[] = [];
  const sink: DevMailSink = await startDevMailSink({
    dir,
    onMessage: (m) => messages.push(m),
  });
  const previous = process.env.SMTP_URL;
  process.env.SMTP_URL = sink.url;
  resetEnvForTests();
  delete (globalThis as { __khataMailTransport?: unknown }).__khataMailTransport;
  return {
    url: sink.url,
    messages,
    /** Mails to an address (delivery is awaited by the code under test, so no waiting is needed). */
    to: (address: string) => messages.filter((m) => m.to === address),
    async stop() {
      await sink.stop();
      fs.rmSync(dir, { recursive: true, force: true });
      if (previous === undefined) delete process.env.SMTP_URL;
      else process.env.SMTP_URL = previous;
      resetEnvForTests();
      delete (globalThis as { __khataMailTransport?: unknown }).__khataMailTransport;
    },
  };
}

/** The first link in a mail's text part that starts with the given path. */
export function linkIn(text: string, pathPrefix: string): string {
  const match = new RegExp(`https?://[^\\s]+${pathPrefix.replace(/[/?]/g, "\\$&")}[^\\s]*`).exec(text);
  if (!match) throw new Error(`no ${pathPrefix} link in: ${text}`);
  return match[0];
}

export const tokenOf = (link: string) => new URL(link).searchParams.get("token") ?? "";
