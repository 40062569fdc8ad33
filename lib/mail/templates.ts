import { layout, type RenderedMail } from "./mail-layout";
import { notificationRenderers, type NotificationTemplates } from "./notification-templates";

export type { RenderedMail } from "./mail-layout";

/**
 * The mails Khata sends: each template turns its data into a subject, a plain-text and an HTML part. Plain
 * template strings (lib/mail/mail-layout.ts), not React Email: the mails are a paragraph, a table of facts and one
 * button, which this does in ~40 lines with every value escaped, with no dependency and no render step to await.
 */
export interface MailTemplates extends NotificationTemplates {
  "verify-email": { name: string; url: string };
  invitation: { accountName: string; role: string; inviterName: string; url: string; expiresAt: string };
  "password-reset": { name: string; url: string };
  /** To an existing user when someone signs up with their address (sign-up answers the same either way). */
  "sign-up-attempt": { name: string; signInUrl: string; resetUrl: string };
}
export type MailTemplate = keyof MailTemplates;

const renderers: { [T in MailTemplate]: (data: MailTemplates[T]) => RenderedMail } = {
  ...notificationRenderers,
  "verify-email": ({ name, url }) => {
    const lines = [`Hi ${name},`, "Confirm that this is your email address to finish setting up Khata. The link works once, for 24 hours."];
    const footer = "If you did not create a Khata account, ignore this mail: nothing happens without the link.";
    return {
      subject: "Confirm your email for Khata",
      text: `${lines.join("\n\n")}\n\nConfirm your email: ${url}\n\n${footer}\n`,
      html: layout(lines, { label: "Confirm email", url }, footer),
    };
  },
  invitation: ({ accountName, role, inviterName, url, expiresAt }) => {
    const lines = [
      `${inviterName} invited you to join ${accountName} on Khata as ${role}.`,
      `Open the link, sign in (or sign up) with this email address, and confirm. The link works once, until ${expiresAt}.`,
    ];
    const footer = "If you did not expect this invitation, ignore this mail.";
    return {
      subject: `Join ${accountName} on Khata`,
      text: `${lines.join("\n\n")}\n\nAccept the invitation: ${url}\n\n${footer}\n`,
      html: layout(lines, { label: `Join ${accountName}`, url }, footer),
    };
  },
  "password-reset": ({ name, url }) => {
    const lines = [
      `Hi ${name},`,
      "Someone (hopefully you) asked to reset your Khata password. Choose a new one with this link. It works once, for 1 hour, and signs you out everywhere.",
    ];
    const footer = "If you did not ask for this, ignore this mail: your password stays as it is.";
    return {
      subject: "Reset your Khata password",
      text: `${lines.join("\n\n")}\n\nReset your password: ${url}\n\n${footer}\n`,
      html: layout(lines, { label: "Reset password", url }, footer),
    };
  },
  "sign-up-attempt": ({ name, signInUrl, resetUrl }) => {
    const lines = [
      `Hi ${name},`,
      "Someone tried to create a Khata account with this email address, which already has one. No new account was created.",
      "If it was you, sign in instead. Forgot your password? Reset it, and the link in that mail lets you choose a new one.",
    ];
    const footer = "If it was not you, ignore this mail: nothing changed.";
    return {
      subject: "Someone tried to sign up to Khata with your email",
      text: `${lines.join("\n\n")}\n\nSign in: ${signInUrl}\nReset your password: ${resetUrl}\n\n${footer}\n`,
      html: layout(lines, { label: "Sign in", url: signInUrl }, footer),
    };
  },
};

export function renderMail<T extends MailTemplate>(template: T, data: MailTemplates[T]): RenderedMail {
  return renderers[template](data);
}
