/**
 * The linkage module's only door: heating–community linkage groups, their thread and daily
 * bulletins (每日互通), special periods, cold-snap surge mode, notices, Q&A sessions and the
 * public FAQ, and the roll-out board.
 */
export * from './linkage.schema.ts';
export * from './outreach.schema.ts';
export { linkageRoutes } from './linkage.routes.ts';
export { outreachRoutes } from './outreach.routes.ts';
export { emergencyRoutes } from './emergency.routes.ts';
export { coldSnapActive } from './cold-snaps.service.ts';
export { sendNotice } from './notices.service.ts';
export { linkageLiveTopics } from './live.ts';
export { ensureLinkageGroups } from './groups.service.ts';
export { generateDailyBulletins, remindUnacknowledged } from './bulletins.service.ts';
export {
  BULLETINS_JOB,
  BULLETIN_REMINDERS_JOB,
  bulletinRemindersJob,
  bulletinScheduler,
  bulletinsJob,
  withLinkageGroups,
} from './linkage.jobs.ts';
export type { BulletinContent, GroupSummary, LinkageSide } from './linkage.contract.ts';
