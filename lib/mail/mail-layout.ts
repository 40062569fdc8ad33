/** A rendered mail: the subject, a plain-text part and an HTML part (every mail has both). */
export interface RenderedMail {
  subject: string;
  text: string;
  html: string;
}

export const escapeHtml = (s: string) =>
  s.replace(/[&<>"']/g, (c) => ({ "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&#39;" })[c]!);

/** The HTML frame of every mail: paragraphs, an optional table of facts, one button (its URL also in plain sight). */
export function layout(paragraphs: string[], action: { label: string; url: string }, footer: string, facts: [string, string][] = []): string {
  const body = paragraphs.map((p) => `<p style="margin:0 0 16px">${escapeHtml(p)}</p>`).join("");
  const table = facts.length
    ? `<table role="presentation" style="border-collapse:collapse;margin:0 0 16px">${facts
        .map(([k, v]) => `<tr><td style="padding:4px 16px 4px 0;color:#475569">${escapeHtml(k)}</td><td style="padding:4px 0;font-weight:600">${escapeHtml(v)}</td></tr>`)
        .join("")}</table>`
    : "";
  return `<!doctype html><html lang="en-IN"><body style="font-family:system-ui,sans-serif;color:#0f172a;max-width:560px;margin:0 auto;padding:24px">
<p style="font-size:20px;font-weight:700;color:#1d4ed8;margin:0 0 24px">Khata</p>${body}${table}
<p style="margin:24px 0"><a href="${escapeHtml(action.url)}" style="background:#1d4ed8;color:#fff;padding:10px 16px;border-radius:6px;text-decoration:none">${escapeHtml(action.label)}</a></p>
<p style="font-size:13px;color:#475569">Or open this link: ${escapeHtml(action.url)}</p>
<p style="font-size:13px;color:#475569">${escapeHtml(footer)}</p></body></html>`;
}

/** Both parts of a mail from the same content, so the text part never says less than the HTML one. */
export function renderLayout(input: { subject: string; lines: string[]; facts?: [string, string][]; action: { label: string; url: string }; footer: string }): RenderedMail {
  const facts = input.facts ?? [];
  const factText = facts.length ? `${facts.map(([k, v]) => `${k}: ${v}`).join("\n")}\n\n` : "";
  return {
    subject: input.subject,
    text: `${input.lines.join("\n\n")}\n\n${factText}${input.action.label}: ${input.action.url}\n\n${input.footer}\n`,
    html: layout(input.lines, input.action, input.footer, facts),
  };
}
