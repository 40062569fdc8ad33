import { parseCrontab, type TaskList } from "graphile-worker";
import type { JobDeps } from "./job-deps";
import type { JobName } from "./job-names";
import { deliverWebhookTask } from "./tasks/deliver-webhook";
import { enqueuePendingFanOutsTask } from "./tasks/enqueue-pending-fan-outs";
import { fanOutWebhookEventTask } from "./tasks/fan-out-webhook-event";
import { fanOutWebhookEventsTask } from "./tasks/fan-out-webhook-events";
import { purgeIdempotencyKeysTask } from "./tasks/purge-idempotency-keys";
import { purgeRateLimitBucketsTask } from "./tasks/purge-rate-limit-buckets";
import { renderCreditNotePdfTask } from "./tasks/render-credit-note-pdf";
import { renderReceiptPdfTask } from "./tasks/render-receipt-pdf";
import { renderInvoicePdfTask, renderInvoicePdfsTask } from "./tasks/render-invoice-pdf";
import { sendEmailTask } from "./tasks/send-email";
import { purgeExpiredSessionsTask } from "./tasks/purge-expired-sessions";
import { issuePasswordResetTask } from "./tasks/issue-password-reset";
import { createCashfreeRefundTask, issueRefundCreditNoteTask, pollRefundTask } from "./tasks/refund-jobs";
import { issuePayoutCreditNotesTask, pollPayoutTask, sendPayoutTransferTask } from "./tasks/payout-jobs";
import { settlePendingWebhookEventsTask, settleWebhookEventsTask } from "./tasks/settle-webhook-events";
import { sweepActiveOrdersTask } from "./tasks/sweep-active-orders";
import { runReconciliationTask } from "./tasks/run-reconciliation";
import { sweepNotificationsTask } from "./tasks/sweep-notifications";
import { runRenewalsTask } from "./tasks/run-renewals";
import { applySubscriptionWebhookTask, runDunningTask } from "./tasks/run-dunning";
import { autoTopUpTask, sweepAutoTopUpsTask } from "./tasks/auto-top-up";

/** Every task, by job name (lib/jobs/job-names.ts). */
export function makeTaskList(deps: JobDeps): TaskList & Record<JobName, unknown> {
  return {
    "fan-out-webhook-event": fanOutWebhookEventTask(deps),
    "fan-out-webhook-events": fanOutWebhookEventsTask(deps),
    "deliver-webhook": deliverWebhookTask(deps),
    "enqueue-pending-fan-outs": enqueuePendingFanOutsTask(deps),
    "purge-rate-limit-buckets": purgeRateLimitBucketsTask(deps),
    "purge-idempotency-keys": purgeIdempotencyKeysTask(deps),
    "send-email": sendEmailTask(deps),
    "purge-expired-sessions": purgeExpiredSessionsTask(deps),
    "issue-password-reset": issuePasswordResetTask(deps),
    "render-invoice-pdf": renderInvoicePdfTask(deps),
    "render-invoice-pdfs": renderInvoicePdfsTask(deps),
    "render-credit-note-pdf": renderCreditNotePdfTask(deps),
    "render-receipt-pdf": renderReceiptPdfTask(deps),
    "settle-webhook-events": settleWebhookEventsTask(deps),
    "settle-pending-webhook-events": settlePendingWebhookEventsTask(deps),
    "sweep-active-orders": sweepActiveOrdersTask(deps),
    "run-reconciliation": runReconciliationTask(deps),
    "create-cashfree-refund": createCashfreeRefundTask(deps),
    "poll-refund": pollRefundTask(deps),
    "issue-refund-credit-note": issueRefundCreditNoteTask(deps),
    "send-payout-transfer": sendPayoutTransferTask(deps),
    "poll-payout": pollPayoutTask(deps),
    "issue-payout-credit-notes": issuePayoutCreditNotesTask(deps),
    "sweep-notifications": sweepNotificationsTask(deps),
    "run-renewals": runRenewalsTask(deps),
    "apply-subscription-webhook": applySubscriptionWebhookTask(deps),
    "run-dunning": runDunningTask(deps),
    "auto-top-up": autoTopUpTask(deps),
    "sweep-auto-top-ups": sweepAutoTopUpsTask(deps),
  };
}

/**
 * Recurring jobs (graphile-worker crontab syntax). Each schedule fires once per tick however many workers run
 * (graphile-worker records it in `known_crontabs`); the job key keeps at most one waiting per task, and no
 * backfill: a missed purge is simply done by the next one.
 */
export const CRONTAB = `
*/10 * * * * purge-rate-limit-buckets ?jobKey=cron:purge-rate-limit-buckets&max=3
17 * * * * purge-idempotency-keys ?jobKey=cron:purge-idempotency-keys&max=3
*/10 * * * * enqueue-pending-fan-outs ?jobKey=cron:enqueue-pending-fan-outs&max=3
41 * * * * purge-expired-sessions ?jobKey=cron:purge-expired-sessions&max=3
* * * * * settle-pending-webhook-events ?jobKey=cron:settle-pending-webhook-events&max=3
*/2 * * * * sweep-active-orders ?jobKey=cron:sweep-active-orders&max=3
30 21 * * * run-reconciliation ?jobKey=cron:run-reconciliation&max=5
*/5 * * * * sweep-notifications ?jobKey=cron:sweep-notifications&max=3
*/10 * * * * run-renewals ?jobKey=cron:run-renewals&max=5
5,15,25,35,45,55 * * * * run-dunning ?jobKey=cron:run-dunning&max=5
*/10 * * * * sweep-auto-top-ups ?jobKey=cron:sweep-auto-top-ups&max=3
`;

/** The crontab, without the tasks this runner skips (JOBS_SKIP_TASKS): another runner schedules and runs those. */
export const parsedCronItems = (skip: readonly string[] = []) => parseCrontab(CRONTAB).filter((item) => !skip.includes(item.task));

/** A task list without the tasks this runner skips (JOBS_SKIP_TASKS). */
export function withoutTasks(taskList: TaskList, skip: readonly string[]): TaskList {
  return Object.fromEntries(Object.entries(taskList).filter(([name]) => !skip.includes(name)));
}
