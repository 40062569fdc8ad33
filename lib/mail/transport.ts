import nodemailer, { type Transporter } from "nodemailer";
import { getEnv } from "@/lib/config/env";

/** What deliverEmail needs from a transport (nodemailer's, or a test's). */
export interface MailTransport {
  sendMail(message: {
    from: string;
    to: string;
    subject: string;
    text: string;
    html: string;
    headers?: Record<string, string>;
    attachments?: { filename: string; content: Buffer; contentType: string }[];
  }): Promise<unknown>;
}

const globalForMail = globalThis as unknown as { __khataMailTransport?: Transporter };

/** The process's SMTP transport to SMTP_URL, created once (cached on globalThis across dev hot reloads). */
export function getMailTransport(): MailTransport {
  globalForMail.__khataMailTransport ??= nodemailer.createTransport(getEnv().SMTP_URL);
  return globalForMail.__khataMailTransport;
}

/** A transport to a given SMTP URL (tests point it at their in-process sink). */
export function createMailTransport(smtpUrl: string): MailTransport & { close(): void } {
  return nodemailer.createTransport(smtpUrl);
}
