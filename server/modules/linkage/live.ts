/**
 * Linkage on the live bus (kernel/live.ts). One topic kind:
 *   group:ID   a linkage group's thread and bulletins — whoever may read the group
 * The payload names what changed (a message id, a bulletin id), never its text: the page
 * refetches through the scope-checked API.
 */
import type { Db } from '../../kernel/db.ts';
import type { Deps } from '../../kernel/deps.ts';
import { Forbidden, NotFound } from '../../kernel/errors.ts';
import { publishLive, type TopicGuard } from '../../kernel/live.ts';
import { assertReads, loadGroup } from './groups.service.ts';

export async function publishGroupEvent(tx: Db, groupId: number, payload: { kind: 'message' | 'bulletin' | 'ack'; messageId?: number; bulletinId?: number }): Promise<void> {
  await publishLive(tx, `group:${groupId}`, payload);
}

export function linkageLiveTopics(deps: Deps): Record<string, TopicGuard> {
  return {
    group: async (actor, id) => {
      try {
        await assertReads(deps.db, deps.clock, actor, await loadGroup(deps.db, id));
        return true;
      } catch (err) {
        if (err instanceof NotFound || err instanceof Forbidden) return false; // no probing for ids
        throw err;
      }
    },
  };
}
