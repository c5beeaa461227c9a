import type { JobHandler, JobScheduler } from './kernel/jobs.ts';
import { E_INVOICE_JOB, eInvoiceJob, ONLINE_RECONCILE_JOB, onlineReconcileJob, onlineReconcileScheduler, POINT_PROPOSAL_JOB, pointProposalJob, pointProposalScheduler, RECEIPT_NUMBERING_JOB, receiptNumberingJob, receiptNumberingScheduler, SETTLEMENTS_JOB, settlementsJob, settlementsScheduler } from './modules/billing/index.ts';
import { BULLETIN_REMINDERS_JOB, BULLETINS_JOB, bulletinRemindersJob, bulletinScheduler, bulletinsJob, withLinkageGroups } from './modules/linkage/index.ts';
import { REPAIRS_SWEEP_JOB, repairsSweepJob, repairsSweepScheduler } from './modules/repairs/index.ts';
import { COMPLAINTS_OVERDUE_JOB, complaintsOverdueJob, complaintsOverdueScheduler, PATROLS_OVERDUE_JOB, patrolsOverdueJob, patrolsOverdueScheduler } from './modules/temperature/index.ts';
import { MODE_CHANGES_JOB, modeChangesJob, modeChangesScheduler } from './modules/tenure/index.ts';

/**
 * Every background job kind and every recurring scheduler, registered by hand like the routes
 * in app.ts: modules export their handlers through index.ts and are listed here.
 */
export const jobHandlers: Record<string, JobHandler> = {
  // After each city's daily mode changes, the linkage groups of communities now in direct mode.
  [MODE_CHANGES_JOB]: withLinkageGroups(modeChangesJob),
  [REPAIRS_SWEEP_JOB]: repairsSweepJob,
  [SETTLEMENTS_JOB]: settlementsJob,
  [ONLINE_RECONCILE_JOB]: onlineReconcileJob,
  [E_INVOICE_JOB]: eInvoiceJob,
  // Compounds turning direct (mode-change feed): the branch clerks hear a temporary point is proposed.
  [POINT_PROPOSAL_JOB]: pointProposalJob,
  // Receipts left without a number by a process that died right after their payment committed.
  [RECEIPT_NUMBERING_JOB]: receiptNumberingJob,
  [BULLETINS_JOB]: bulletinsJob,
  [BULLETIN_REMINDERS_JOB]: bulletinRemindersJob,
  [PATROLS_OVERDUE_JOB]: patrolsOverdueJob,
  [COMPLAINTS_OVERDUE_JOB]: complaintsOverdueJob,
};
export const jobSchedulers: JobScheduler[] = [modeChangesScheduler(), repairsSweepScheduler(), settlementsScheduler(), bulletinScheduler(), onlineReconcileScheduler(), pointProposalScheduler(), receiptNumberingScheduler(), patrolsOverdueScheduler(), complaintsOverdueScheduler()];
