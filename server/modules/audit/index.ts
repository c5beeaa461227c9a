/** Browsing the audit log and the message outbox (both written by the kernel). */
export { auditRoutes } from './audit.routes.ts';
