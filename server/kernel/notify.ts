import { sql, type SQL, type SQLWrapper } from 'drizzle-orm';
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
   * With `when`, an SQL condition over that statement's other parts, they go only if it holds.
   */
  sendStatement(db: Db, messages: OutgoingMessage[], when?: SQL): SQLWrapper | null;
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
    sendStatement(db, messages, when) {
      if (messages.length === 0) return null;
      if (!when) return db.insert(outbox).values(messages.map(rowOf));
      const rows = messages.map(rowOf).map(
        (m) => sql`(${m.createdAt.toISOString()}::timestamptz, ${m.channel}::text, ${m.recipient}::text, ${m.template}::text, ${m.body}::text, ${JSON.stringify(m.data)}::jsonb, ${m.provider}::text)`,
      );
      return sql`INSERT INTO outbox (created_at, channel, recipient, template, body, data, provider)
                 SELECT * FROM (VALUES ${sql.join(rows, sql`, `)}) AS m WHERE ${when}`;
    },
  };
}
