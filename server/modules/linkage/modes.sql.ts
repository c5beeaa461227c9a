import { sql, type SQL } from 'drizzle-orm';
import type { BusinessDate } from '../../kernel/business-time.ts';

/**
 * The compounds in `direct` service mode (the vacuum: the heating company serves residents
 * itself) on a date, as the tenure module's mode-change feed announces it: the latest event in
 * force per compound (compound_mode_events, read in the order the tenure schema documents).
 * Columns: compound_id, community_id, branch_id. `filter` may use aliases c (compounds), b (branches).
 */
export function directCompoundsSql(date: BusinessDate, filter: SQL): SQL {
  return sql`SELECT c.id AS compound_id, c.community_id, c.branch_id
             FROM compounds c JOIN branches b ON b.id = c.branch_id
             JOIN LATERAL (
               SELECT e.to_mode FROM compound_mode_events e
               WHERE e.compound_id = c.id AND e.effective_on <= ${date}::date
               ORDER BY e.effective_on DESC, e.id DESC LIMIT 1) m ON m.to_mode = 'direct'
             WHERE ${filter}`;
}
