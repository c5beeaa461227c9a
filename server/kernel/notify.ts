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
   * The outbox rows send() would write for these messages, for a hot path that writes them
   * itself inside the one statement of its whole change (requests/opening.write.ts).
   */
  outboxRows(messages: OutgoingMessage[]): OutboxRow[];
}

/** An outbox row as a hot path's statement writes it (the table's column names). */
export interface OutboxRow {
  created_at: string;
  channel: OutgoingMessage['channel'];
  recipient: string;
  template: string;
  body: string;
  data: Record<string, unknown>;
  provider: string;
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
    outboxRows(messages) {
      return messages.map(rowOf).map((m) => ({
        created_at: m.createdAt.toISOString(),
        channel: m.channel,
        recipient: m.recipient,
        template: m.template,
        body: m.body,
        data: m.data,
        provider: m.provider,
      }));
    },
  };
}
