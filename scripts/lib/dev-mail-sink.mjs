// A local SMTP server for development, tests and e2e: accepts every mail on 127.0.0.1 (no auth, no TLS) and
// stores each one as a JSON file in a folder (.data/mailbox by default), which /dev/mailbox lists.
import { randomBytes } from "node:crypto";
import fs from "node:fs";
import path from "node:path";
import { simpleParser } from "mailparser";
import { SMTPServer } from "smtp-server";

const addressText = (a) => (Array.isArray(a) ? a.map((x) => x.text).join(", ") : (a?.text ?? ""));

/** Starts the sink; port 0 picks a free one. Resolves once it listens. */
export async function startDevMailSink({ port = 0, dir = ".data/mailbox", onMessage } = {}) {
  fs.mkdirSync(dir, { recursive: true });
  const server = new SMTPServer({
    authOptional: true,
    disabledCommands: ["STARTTLS", "AUTH"],
    logger: false,
    onData(stream, session, callback) {
      simpleParser(stream)
        .then((parsed) => {
          const receivedAt = new Date();
          const id = `${receivedAt.getTime().toString().padStart(15, "0")}-${randomBytes(4).toString("hex")}`;
          const message = {
            id,
            receivedAt: receivedAt.toISOString(),
            from: addressText(parsed.from),
            to: session.envelope.rcptTo.map((r) => r.address).join(", ") || addressText(parsed.to),
            subject: parsed.subject ?? "",
            text: parsed.text ?? "",
            html: typeof parsed.html === "string" ? parsed.html : "",
            // Attachments by name, type, size and the first bytes (enough to tell a PDF), not their content.
            attachments: (parsed.attachments ?? []).map((a) => ({
              filename: a.filename ?? "",
              contentType: a.contentType,
              size: a.size ?? a.content.length,
              head: a.content.subarray(0, 8).toString("latin1"),
            })),
          };
          fs.writeFileSync(path.join(dir, `${id}.json`), JSON.stringify(message, null, 2));
          onMessage?.(message);
          callback();
        })
        .catch((error) => callback(error));
    },
  });
  await new Promise((resolve, reject) => {
    server.once("error", reject);
    server.listen(port, "127.0.0.1", () => resolve(undefined));
  });
  const actual = server.server.address().port;
  return {
    port: actual,
    url: `smtp://127.0.0.1:${actual}`,
    dir,
    stop: () => new Promise((resolve) => server.close(() => resolve(undefined))),
  };
}
