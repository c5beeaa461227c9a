import type { SQLWrapper } from 'drizzle-orm';
import { outbox } from './kernel.schema.ts';
import type { Clock } from './clock.ts';
import type { Db } from './db.ts';
import type { Logger } from './logger.ts';

export interface OutgoingMessage {
  channel: 'sms' | 'wechat' | 'inapp';
  /** Phone number for SMS, user id for in-app, openid for WeChat. */
  recipient: string;
  template: string;
  body: string;
  data?: Record<string, unknown>;
}

/**
 * The small interface every message goes through. A real SMS or WeChat provider implements it;
 * the development provider below records to the outbox table (and the log) so nothing is sent
 * silently nowhere and a person can read what would have gone out.
 */
export interface Notifier {
  send(tx: Db, message: OutgoingMessage): Promise<void>;
  /**
   * The same messages as send(), as one unsent statement a hot path embeds in the data-modifying
   * CTE that writes its whole change (one round trip); null when there is nothing to send.
   */
  sendStatement(db: Db, messages: OutgoingMessage[]): SQLWrapper | null;
}

export function outboxNotifier(clock: Clock, log: Logger): Notifier {
  const rowOf = (message: OutgoingMessage) => {
    log.info({ outbox: { channel: message.channel, to: message.recipient, template: message.template } }, message.body);
    return {
      createdAt: clock.now(),
      channel: message.channel,
      recipient: message.recipient,
      template: message.template,
      body: message.body,
      data: message.data ?? {},
      provider: 'dev-outbox',
    };
  };
  return {
    async send(tx, message) {
      await tx.insert(outbox).values(rowOf(message));
    },
    sendStatement(db, messages) {
      return messages.length === 0 ? null : db.insert(outbox).values(messages.map(rowOf));
    },
  };
}
