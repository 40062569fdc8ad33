import { formatCredits, formatInr } from "@/lib/money/format-inr";
import { formatIstDate, formatIstDateTime } from "@/lib/money/ist";
import { renderLayout, type RenderedMail } from "./mail-layout";

/**
 * The mails that tell an account what happened to its money. Data is stored as JSON in `emails.data`, so money
 * travels as integer paise / credits in decimal strings and times as ISO strings; the formatting (₹ with Indian
 * grouping, IST dates) happens here, once, for both parts.
 */
export interface NotificationTemplates {
  "invoice-issued": { accountName: string; invoiceNumber: string; totalPaise: string; issuedAt: string; url: string; attachment: MailAttachmentRef };
  "payment-failed": { accountName: string; orderId: string; amountPaise: string; failedAt: string; retryUrl: string };
  "low-balance": { accountName: string; balanceCredits: string; thresholdCredits: string; url: string };
  "budget-near": { accountName: string; usedCredits: string; capCredits: string; month: string; url: string };
  "budget-reached": { accountName: string; usedCredits: string; capCredits: string; month: string; resetsOn: string; url: string };
  "plan-ending": { accountName: string; plan: string; endsAt: string; url: string };
  "plan-ended": { accountName: string; plan: string; endedAt: string; url: string };
  "renewal-pre-debit": { accountName: string; plan: string; amountPaise: string; chargeAt: string; maxAmountPaise: string; url: string };
  "renewal-payment-failed": { accountName: string; plan: string; amountPaise: string; attempt: string; retryAt: string; graceEndsAt: string; url: string };
  "renewal-lapsed": { accountName: string; plan: string; amountPaise: string; lapsedAt: string; url: string };
  "auto-top-up-pre-debit": { accountName: string; amountPaise: string; credits: string; balanceCredits: string; thresholdCredits: string; chargeAt: string; url: string };
  "refund-issued": { accountName: string; refundId: string; amountPaise: string; credits: string; creditNoteNumber: string | null; url: string; attachment?: MailAttachmentRef };
  "dispute-opened": { accountName: string; orderId: string; amountPaise: string; heldCredits: string; respondBy: string | null; url: string };
  "account-suspended": { accountName: string; reason: string; suspendedAt: string; url: string };
  "payout-processed": { accountName: string; payoutId: string; amountPaise: string; processedAt: string; reference: string | null; url: string };
  "payout-rejected": { accountName: string; payoutId: string; amountPaise: string; reason: string; url: string };
}

/** A stored rendering to attach at send time (lib/documents): the mail row holds the reference, not the bytes. */
export interface MailAttachmentRef {
  kind: "invoice" | "credit_note";
  documentId: string;
  filename: string;
}

const preferencesFooter = "You receive this because you are a member of the account. Choose which mails you get under Settings → Notifications.";

const inr = (paise: string) => formatInr(BigInt(paise));
const credits = (n: string) => formatCredits(BigInt(n));
const day = (iso: string) => formatIstDate(new Date(iso));
const moment = (iso: string) => formatIstDateTime(new Date(iso));

export const notificationRenderers: { [T in keyof NotificationTemplates]: (data: NotificationTemplates[T]) => RenderedMail } = {
  "invoice-issued": (d) =>
    renderLayout({
      subject: `Invoice ${d.invoiceNumber} from Khata: ${inr(d.totalPaise)}`,
      lines: [`Invoice ${d.invoiceNumber} for ${d.accountName} was issued on ${day(d.issuedAt)}.`, "The PDF is attached; it is the document of record and never changes."],
      facts: [
        ["Invoice", d.invoiceNumber],
        ["Total (incl. GST)", inr(d.totalPaise)],
        ["Issued", day(d.issuedAt)],
      ],
      action: { label: "View invoice", url: d.url },
      footer: "You receive this at your billing profile's email. Change it under Settings → Billing profile.",
    }),
  "payment-failed": (d) =>
    renderLayout({
      subject: `Payment of ${inr(d.amountPaise)} failed`,
      lines: [`A payment of ${inr(d.amountPaise)} for ${d.accountName} did not go through on ${moment(d.failedAt)}. No money was taken and no credits were added.`, "You can try again with the same or another method."],
      facts: [
        ["Order", d.orderId],
        ["Amount", inr(d.amountPaise)],
      ],
      action: { label: "Retry the payment", url: d.retryUrl },
      footer: preferencesFooter,
    }),
  "low-balance": (d) =>
    renderLayout({
      subject: `Low balance: ${credits(d.balanceCredits)} credits left`,
      lines: [
        `${d.accountName} has ${credits(d.balanceCredits)} credits left, at or below your warning level of ${credits(d.thresholdCredits)}.`,
        "When the balance reaches zero, usage is refused. Top up to keep going.",
      ],
      facts: [
        ["Balance", `${credits(d.balanceCredits)} credits (${inr((BigInt(d.balanceCredits) * 100n).toString())})`],
        ["Warning level", `${credits(d.thresholdCredits)} credits`],
      ],
      action: { label: "Top up", url: d.url },
      footer: preferencesFooter,
    }),
  "budget-near": (d) =>
    renderLayout({
      subject: `80% of your monthly cap is used (${credits(d.usedCredits)} of ${credits(d.capCredits)})`,
      lines: [`${d.accountName} has used ${credits(d.usedCredits)} of its ${credits(d.capCredits)}-credit cap for ${d.month}.`, "At the cap, usage is refused until the next month. Raise the cap if you need more."],
      facts: [
        ["Used", `${credits(d.usedCredits)} credits`],
        ["Cap", `${credits(d.capCredits)} credits`],
      ],
      action: { label: "Review the cap", url: d.url },
      footer: preferencesFooter,
    }),
  "budget-reached": (d) =>
    renderLayout({
      subject: `Monthly cap reached: usage is refused until ${day(d.resetsOn)}`,
      lines: [`${d.accountName} has used ${credits(d.usedCredits)} credits, its whole cap of ${credits(d.capCredits)} for ${d.month}.`, `Usage is refused until ${day(d.resetsOn)}, or until you raise the cap.`],
      facts: [
        ["Used", `${credits(d.usedCredits)} credits`],
        ["Cap", `${credits(d.capCredits)} credits`],
        ["Resets", day(d.resetsOn)],
      ],
      action: { label: "Raise the cap", url: d.url },
      footer: preferencesFooter,
    }),
  "plan-ending": (d) =>
    renderLayout({
      subject: `Your ${d.plan} plan ends on ${day(d.endsAt)}`,
      lines: [`The ${d.plan} plan of ${d.accountName} ends on ${moment(d.endsAt)}. After that the account is on the free tier; your credits stay.`, "Renew to keep the plan."],
      facts: [
        ["Plan", d.plan],
        ["Ends", moment(d.endsAt)],
      ],
      action: { label: "Renew the plan", url: d.url },
      footer: preferencesFooter,
    }),
  "renewal-pre-debit": (d) =>
    renderLayout({
      subject: `Your ${d.plan} plan renews on ${day(d.chargeAt)}: ${inr(d.amountPaise)} will be debited`,
      lines: [
        `The ${d.plan} plan of ${d.accountName} renews automatically. On or after ${moment(d.chargeAt)} we will debit ${inr(d.amountPaise)} through the mandate you authorised (up to ${inr(d.maxAmountPaise)} a charge).`,
        "To stop it, cancel the mandate on the Plans page before then.",
      ],
      facts: [
        ["Plan", d.plan],
        ["Amount", inr(d.amountPaise)],
        ["Debit on", moment(d.chargeAt)],
      ],
      action: { label: "Manage the renewal", url: d.url },
      footer: preferencesFooter,
    }),
  "auto-top-up-pre-debit": (d) =>
    renderLayout({
      subject: `Auto top-up: ${inr(d.amountPaise)} will be debited on ${day(d.chargeAt)}`,
      lines: [
        `The balance of ${d.accountName} fell to ${credits(d.balanceCredits)} credits, below your auto top-up threshold of ${credits(d.thresholdCredits)}. On or after ${moment(d.chargeAt)} we will debit ${inr(d.amountPaise)} through the mandate you authorised, for ${credits(d.credits)} credits.`,
        "To stop it, switch auto top-up off or cancel the mandate on the Plans page before then.",
      ],
      facts: [
        ["Amount", inr(d.amountPaise)],
        ["Credits", credits(d.credits)],
        ["Debit on", moment(d.chargeAt)],
      ],
      action: { label: "Manage auto top-up", url: d.url },
      footer: preferencesFooter,
    }),
  "renewal-payment-failed": (d) =>
    renderLayout({
      subject: `Your ${d.plan} plan renewal payment failed: we'll retry on ${day(d.retryAt)}`,
      lines: [
        `We could not debit ${inr(d.amountPaise)} for the ${d.plan} plan of ${d.accountName} (attempt ${d.attempt}). We'll retry on ${moment(d.retryAt)} through the same mandate; a separate notice tells you the debit.`,
        `The plan stays active until ${moment(d.graceEndsAt)}. If no retry succeeds by then, the account moves to the free tier; your credits stay.`,
      ],
      facts: [
        ["Plan", d.plan],
        ["Amount", inr(d.amountPaise)],
        ["Next attempt", moment(d.retryAt)],
        ["Plan active until", moment(d.graceEndsAt)],
      ],
      action: { label: "Manage the renewal", url: d.url },
      footer: preferencesFooter,
    }),
  "renewal-lapsed": (d) =>
    renderLayout({
      subject: `Final renewal attempt failed: your ${d.plan} plan lapsed to Free`,
      lines: [
        `The last attempt to debit ${inr(d.amountPaise)} for the ${d.plan} plan of ${d.accountName} failed, so the plan lapsed on ${moment(d.lapsedAt)}. The account is on the free tier now; your credits stay, and no further debit will be made.`,
        "Choose a plan to start it again.",
      ],
      facts: [
        ["Plan", d.plan],
        ["Lapsed", moment(d.lapsedAt)],
      ],
      action: { label: "Choose a plan", url: d.url },
      footer: preferencesFooter,
    }),
  "plan-ended": (d) =>
    renderLayout({
      subject: `Your ${d.plan} plan has ended`,
      lines: [`The ${d.plan} plan of ${d.accountName} ended on ${moment(d.endedAt)}. The account is on the free tier now; your credits stay.`],
      facts: [["Plan", d.plan], ["Ended", moment(d.endedAt)]],
      action: { label: "Choose a plan", url: d.url },
      footer: preferencesFooter,
    }),
  "refund-issued": (d) =>
    renderLayout({
      subject: `Refund of ${inr(d.amountPaise)} processed${d.creditNoteNumber ? `: credit note ${d.creditNoteNumber}` : ""}`,
      lines: [
        `We refunded ${inr(d.amountPaise)} (${credits(d.credits)} credits) to ${d.accountName}'s original payment method. Banks usually show it within 5–7 working days.`,
        d.creditNoteNumber ? `Credit note ${d.creditNoteNumber} is attached.` : "The credit note follows once it is issued.",
      ],
      facts: [
        ["Refund", d.refundId],
        ["Amount", inr(d.amountPaise)],
        ...(d.creditNoteNumber ? ([["Credit note", d.creditNoteNumber]] as [string, string][]) : []),
      ],
      action: { label: "See refunds", url: d.url },
      footer: preferencesFooter,
    }),
  "dispute-opened": (d) =>
    renderLayout({
      subject: `A customer's bank disputed a payment of ${inr(d.amountPaise)}`,
      lines: [
        `The bank opened a dispute on order ${d.orderId} (${inr(d.amountPaise)}) of ${d.accountName}. ${credits(d.heldCredits)} credits are held until the bank decides.`,
        d.respondBy ? `Respond with evidence by ${moment(d.respondBy)}.` : "Respond with evidence as soon as you can.",
      ],
      facts: [
        ["Order", d.orderId],
        ["Amount", inr(d.amountPaise)],
        ["Credits held", credits(d.heldCredits)],
      ],
      action: { label: "See the payment", url: d.url },
      footer: preferencesFooter,
    }),
  "account-suspended": (d) =>
    renderLayout({
      subject: `${d.accountName} is suspended on Khata`,
      lines: [`${d.accountName} was suspended on ${moment(d.suspendedAt)}: ${d.reason}`, "Usage and payments are refused while it is suspended. Contact support to have it reviewed."],
      facts: [["Suspended", moment(d.suspendedAt)]],
      action: { label: "Open Khata", url: d.url },
      footer: "This is a security notice: every member receives it.",
    }),
  "payout-processed": (d) =>
    renderLayout({
      subject: `Payout of ${inr(d.amountPaise)} processed`,
      lines: [`A payout of ${inr(d.amountPaise)} to ${d.accountName}'s bank account was processed on ${moment(d.processedAt)}.`],
      facts: [["Payout", d.payoutId], ["Amount", inr(d.amountPaise)], ...(d.reference ? ([["Bank reference", d.reference]] as [string, string][]) : [])],
      action: { label: "See payouts", url: d.url },
      footer: preferencesFooter,
    }),
  "payout-rejected": (d) =>
    renderLayout({
      subject: `Payout of ${inr(d.amountPaise)} rejected`,
      lines: [`A payout of ${inr(d.amountPaise)} for ${d.accountName} was rejected: ${d.reason}`, "The amount stays in your balance."],
      facts: [["Payout", d.payoutId], ["Amount", inr(d.amountPaise)]],
      action: { label: "See payouts", url: d.url },
      footer: preferencesFooter,
    }),
};
