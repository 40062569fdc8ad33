/** The mails Khata sends: each template turns its data into a subject, a plain-text and an HTML part. */
export interface RenderedMail {
  subject: string;
  text: string;
  html: string;
}

export interface MailTemplates {
  "verify-email": { name: string; url: string };
  invitation: { accountName: string; role: string; inviterName: string; url: string; expiresAt: string };
  "password-reset": { name: string; url: string };
  /** To an existing user when someone signs up with their address (sign-up answers the same either way). */
  "sign-up-attempt": { name: string; signInUrl: string; resetUrl: string };
}
export type MailTemplate = keyof MailTemplates;

const escapeHtml = (s: string) =>
  s.replace(/[&<>"']/g, (c) => ({ "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&#39;" })[c]!);

function layout(paragraphs: string[], action: { label: string; url: string }, footer: string): string {
  const body = paragraphs.map((p) => `<p style="margin:0 0 16px">${escapeHtml(p)}</p>`).join("");
  return `<!doctype html><html><body style="font-family:system-ui,sans-serif;color:#0f172a;max-width:560px;margin:0 auto;padding:24px">
<p style="font-size:20px;font-weight:700;color:#1d4ed8;margin:0 0 24px">Khata</p>${body}
<p style="margin:24px 0"><a href="${escapeHtml(action.url)}" style="background:#1d4ed8;color:#fff;padding:10px 16px;border-radius:6px;text-decoration:none">${escapeHtml(action.label)}</a></p>
<p style="font-size:13px;color:#475569">Or open this link: ${escapeHtml(action.url)}</p>
<p style="font-size:13px;color:#475569">${escapeHtml(footer)}</p></body></html>`;
}

const renderers: { [T in MailTemplate]: (data: MailTemplates[T]) => RenderedMail } = {
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
