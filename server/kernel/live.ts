/**
 * The live-update bus: "something you look at changed, fetch it again", pushed to browsers as
 * server-sent events. One code path on both databases: a publisher runs pg_notify inside its
 * own transaction, so the message leaves only when (and if) the change commits; every app
 * instance LISTENs on one dedicated connection and fans each message out to its SSE clients.
 * PostgreSQL carries it across instances; PGlite (one process) implements LISTEN/NOTIFY too,
 * with the same commit semantics. Messages say what changed, never the data: a client refetches
 * through the normal, scope-checked API, so the bus cannot leak what a page may not show.
 */
import { sql, type SQL } from 'drizzle-orm';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { PGlite } from '@electric-sql/pglite';
import pg from 'pg';
import type { Actor } from './actor.ts';
import { queryConstant, type Db, type DbKind } from './db.ts';
import type { Deps } from './deps.ts';
import { DomainError, Invalid } from './errors.ts';
import { requireActor } from './http.ts';
import type { Logger } from './logger.ts';

export const LIVE_CHANNEL = 'hs_live';
/** PostgreSQL refuses NOTIFY payloads of 8000 bytes or more; stay well under. */
const MAX_PAYLOAD_BYTES = 7000;
/** `kind:id` or `kind:sub:id`, e.g. grid:12, queue:user:5. */
const TOPIC = /^([a-z][a-z_]*(?::[a-z][a-z_]*)*):(\d{1,12})$/;
const MAX_TOPICS = 20;

export interface LiveMessage {
  topics: string[];
  payload: Record<string, unknown>;
}

/** What an SSE client receives: the topics of its subscription this message was for. */
export interface LiveEvent extends LiveMessage {
  /** 'change' from a publisher; 'resync' after the bus reconnected (events may have been missed). */
  type: 'change' | 'resync';
}

export function parseTopic(topic: string): { kind: string; id: number } | null {
  const m = TOPIC.exec(topic);
  return m ? { kind: m[1]!, id: Number(m[2]) } : null;
}

/**
 * Announce a change on one or more topics. Call it with the transaction handle of the change:
 * PostgreSQL (and PGlite) deliver the notification at commit and drop it on rollback.
 */
export async function publishLive(tx: Db, topic: string | readonly string[], payload: Record<string, unknown>): Promise<void> {
  const notify = liveNotifyExpression(topic, payload);
  if (notify) await tx.execute(sql`SELECT ${notify}`);
}

/**
 * Announce a change that has ALREADY committed, in a transaction of its own. Why a hot path does
 * this instead of publishLive: pg_notify in a writing transaction makes PostgreSQL hold its
 * global notify lock until that transaction's commit record is on disk, so every such commit on
 * the server waits for the previous one's fsync (no group commit) — harmless for a transition
 * now and then, a wall for the first cold morning's reports (measured: under 100 a second).
 * Here the lock is held only by this tiny transaction, whose commit need not wait for the disk
 * (it keeps nothing a crash could lose: listeners reconnect and resync). The message still
 * leaves only after the change committed; if the process dies in between, pages miss one hint.
 * `notify` is a liveNotifyExpression.
 */
export function publishCommitted(deps: { db: Db; log: Logger }, topic: string | readonly string[], payload: Record<string, unknown>): void {
  const message = liveMessage(topic, payload);
  if (message === null) return;
  let q = committedQueues.get(deps.db);
  if (!q) committedQueues.set(deps.db, (q = { notices: [], sending: false }));
  q.notices.push(message);
  if (!q.sending) void sendCommitted(deps, q);
}

/**
 * The caller does not wait for its notice: it is queued, and one statement at a time sends
 * everything queued meanwhile, so a burst of reports costs a few notify transactions, not one
 * each. A failure is logged (the pages resync on their next reconnect), never thrown at a caller
 * whose change is already committed.
 */
const committedQueues = new WeakMap<Db, { notices: string[]; sending: boolean }>();

/** One constant statement for any number of notices (sent in order), planned once per connection. */
const SEND_COMMITTED = `SELECT set_config('synchronous_commit', 'off', true), (SELECT count(pg_notify($1, m)) FROM unnest($2::text[]) AS u(m))`;

async function sendCommitted(deps: { db: Db; log: Logger }, q: { notices: string[]; sending: boolean }): Promise<void> {
  q.sending = true;
  try {
    while (q.notices.length > 0) {
      const batch = q.notices.splice(0, 100);
      await queryConstant(deps.db, 'hs_live_committed', SEND_COMMITTED, [LIVE_CHANNEL, batch]).catch((err: unknown) => {
        deps.log.error({ err, notices: batch.length }, 'live notices after commit could not be sent');
      });
    }
  } finally {
    q.sending = false;
  }
}

/**
 * publishLive as an SQL expression (`pg_notify(…)`), to write a change and announce it in one
 * statement, or to hand to publishCommitted; null when there are no topics.
 */
export function liveNotifyExpression(topic: string | readonly string[], payload: Record<string, unknown>): SQL | null {
  const message = liveMessage(topic, payload);
  return message === null ? null : sql`pg_notify(${LIVE_CHANNEL}, ${message})`;
}

/** The NOTIFY payload announcing a change on these topics; null when there are none. */
function liveMessage(topic: string | readonly string[], payload: Record<string, unknown>): string | null {
  const topics = [...new Set(typeof topic === 'string' ? [topic] : topic)];
  if (topics.length === 0) return null;
  for (const t of topics) if (!parseTopic(t)) throw new Error(`not a live topic: "${t}" (want kind:id)`);
  const message = JSON.stringify({ topics, payload } satisfies LiveMessage);
  if (Buffer.byteLength(message) > MAX_PAYLOAD_BYTES) {
    throw new Error(`live message too large (${Buffer.byteLength(message)} bytes): send ids, not data`);
  }
  return message;
}

type Listener = (event: LiveEvent) => void;

interface Subscription {
  topics: Set<string>;
  listener: Listener;
}

/**
 * One per app instance: a LISTEN on its own connection (not a pool slot that a busy pool could
 * starve), started on the first subscriber and re-established with back-off when it drops.
 */
export class LiveHub {
  private subs = new Set<Subscription>();
  private started: Promise<void> | undefined;
  private stopListening: (() => Promise<void>) | undefined;
  private pgClient: pg.Client | undefined;
  private retryTimer: NodeJS.Timeout | undefined;
  private retryMs = 500;
  private closed = false;

  constructor(
    private readonly db: Db,
    private readonly kind: DbKind,
    private readonly log: Logger,
  ) {}

  get subscribers(): number {
    return this.subs.size;
  }

  /** Resolves once this instance is LISTENing, so an event published after it is not missed. */
  subscribe(topics: readonly string[], listener: Listener): { ready: Promise<void>; unsubscribe: () => void } {
    const sub: Subscription = { topics: new Set(topics), listener };
    this.subs.add(sub);
    return { ready: this.start(), unsubscribe: () => void this.subs.delete(sub) };
  }

  /** Hand a raw notification to every subscriber whose topics it touches (once per subscriber). */
  deliver(raw: string): void {
    let message: LiveMessage;
    try {
      message = JSON.parse(raw) as LiveMessage;
    } catch {
      this.log.warn({ raw: raw.slice(0, 200) }, 'live: unreadable notification dropped');
      return;
    }
    for (const sub of this.subs) {
      const hit = message.topics.filter((t) => sub.topics.has(t));
      if (hit.length > 0) this.safely(sub, { type: 'change', topics: hit, payload: message.payload });
    }
  }

  private safely(sub: Subscription, event: LiveEvent): void {
    try {
      sub.listener(event);
    } catch (err) {
      this.log.warn({ err }, 'live: a subscriber failed');
    }
  }

  private start(): Promise<void> {
    this.started ??= this.listen();
    return this.started;
  }

  private async listen(): Promise<void> {
    const driver = (this.db as unknown as { $client: unknown }).$client;
    if (this.kind === 'pglite') {
      this.stopListening = await (driver as PGlite).listen(LIVE_CHANNEL, (payload) => this.deliver(payload));
      return;
    }
    await this.connectPg((driver as pg.Pool).options);
  }

  private async connectPg(options: pg.PoolConfig): Promise<void> {
    const client = new pg.Client(options);
    client.on('notification', (n) => {
      if (n.channel === LIVE_CHANNEL && n.payload !== undefined) this.deliver(n.payload);
    });
    const lost = (err?: Error) => {
      if (this.closed || this.pgClient !== client) return;
      this.pgClient = undefined;
      this.log.warn({ err }, `live: LISTEN connection lost; reconnecting in ${this.retryMs} ms`);
      client.end().catch(() => {});
      this.scheduleReconnect(options);
    };
    client.on('error', lost);
    client.on('end', () => lost());
    await client.connect();
    await client.query(`LISTEN ${LIVE_CHANNEL}`);
    this.pgClient = client;
    this.retryMs = 500;
  }

  private scheduleReconnect(options: pg.PoolConfig): void {
    this.retryTimer = setTimeout(() => {
      this.connectPg(options).then(
        // Whatever was published while we were away is lost: tell every page to refetch.
        () => { for (const sub of this.subs) this.safely(sub, { type: 'resync', topics: [...sub.topics], payload: {} }); },
        (err: unknown) => {
          this.log.warn({ err }, 'live: reconnect failed');
          this.retryMs = Math.min(this.retryMs * 2, 30_000);
          if (!this.closed) this.scheduleReconnect(options);
        },
      );
    }, this.retryMs);
  }

  /** For tests and operations: drop the LISTEN connection as a network failure would. */
  dropConnection(): void {
    this.pgClient?.emit('error', new Error('dropped on purpose'));
  }

  async close(): Promise<void> {
    this.closed = true;
    clearTimeout(this.retryTimer);
    this.subs.clear();
    await this.started?.catch(() => {});
    await this.stopListening?.().catch(() => {});
    const client = this.pgClient;
    this.pgClient = undefined;
    await client?.end().catch(() => {});
  }
}

/** May this actor follow topic `kind:id`? Each module answers for the kinds it owns. */
export type TopicGuard = (actor: Actor, id: number) => Promise<boolean>;

export interface LiveOptions {
  guards: Record<string, TopicGuard>;
  /** A comment line this often keeps proxies from closing an idle stream. */
  heartbeatMs?: number;
}

/** The topics of a request, each checked against the actor's scope: 400 if malformed, 403 if outside it. */
async function allowedTopics(actor: Actor, raw: string, guards: Record<string, TopicGuard>): Promise<string[]> {
  const topics = [...new Set(raw.split(',').map((t) => t.trim()).filter(Boolean))];
  const bad = (message: string) => new Invalid(`topics: ${message}`, [{ field: 'topics', message }], 'bad_topics');
  if (topics.length === 0) throw bad('name at least one topic, e.g. grid:12');
  if (topics.length > MAX_TOPICS) throw bad(`at most ${MAX_TOPICS} topics per stream`);
  const denied: string[] = [];
  for (const t of topics) {
    const parsed = parseTopic(t);
    const guard = parsed ? guards[parsed.kind] : undefined;
    if (!parsed || !guard) throw bad(`"${t}" is not a known topic (kinds: ${Object.keys(guards).join(', ')})`);
    if (!(await guard(actor, parsed.id))) denied.push(t);
  }
  if (denied.length > 0) throw new DomainError(403, 'topic_forbidden', `Outside your scope: ${denied.join(', ')}`, { topics: denied });
  return topics;
}

/** GET /api/live?topics=a,b — a server-sent event stream of the named topics. */
export function liveRoutes(deps: Deps, opts: LiveOptions) {
  const plugin = async function (app: FastifyInstance) {
    const hub = new LiveHub(deps.db, deps.dbKind, deps.log);
    const streams = new Set<FastifyReply>();
    app.decorate('liveHub', hub);
    // Open streams would keep the server from closing; end them first.
    app.addHook('preClose', async () => {
      for (const reply of streams) reply.raw.end();
    });
    app.addHook('onClose', async () => hub.close());

    app.get('/api/live', {
      schema: {
        tags: ['live'],
        summary: 'Server-sent events for the named topics (grid:ID, queue:user:ID, request:ID, branch:ID, household:ID, …); 403 if one is outside your scope',
        querystring: { type: 'object', properties: { topics: { type: 'string', maxLength: 2000 } }, required: ['topics'] },
      },
    }, async (req: FastifyRequest<{ Querystring: { topics: string } }>, reply) => {
      const actor = requireActor(req);
      const topics = await allowedTopics(actor, req.query.topics, opts.guards);
      const res = reply.raw;
      // Events that arrive before the stream's head is written wait here, in order.
      let pending: LiveEvent[] | undefined = [];
      const send = (e: LiveEvent) => (pending ? pending.push(e) : res.write(`data: ${JSON.stringify(e)}\n\n`));
      const { ready, unsubscribe } = hub.subscribe(topics, send);
      let gone = false;
      res.on('close', () => {
        gone = true;
        unsubscribe();
        streams.delete(reply);
      });
      try {
        await ready;
      } catch (err) {
        unsubscribe();
        throw err;
      }
      if (gone) return reply.hijack(); // the client left while we were subscribing
      reply.hijack();
      streams.add(reply);
      res.writeHead(200, {
        ...(reply.getHeaders() as Record<string, string>),
        'content-type': 'text/event-stream; charset=utf-8',
        'cache-control': 'no-cache, no-transform',
        connection: 'keep-alive',
        // nginx buffers responses unless told not to; a buffered event stream is not live.
        'x-accel-buffering': 'no',
      });
      res.write(`retry: 3000\nevent: ready\ndata: ${JSON.stringify({ topics })}\n\n`);
      const queued = pending;
      pending = undefined;
      queued.forEach(send);
      const heartbeat = setInterval(() => res.write(': ping\n\n'), opts.heartbeatMs ?? 20_000);
      res.on('close', () => clearInterval(heartbeat));
    });
  };
  // Not encapsulated (what fastify-plugin does), so app.liveHub is visible on the root instance.
  return Object.assign(plugin, { [Symbol.for('skip-override')]: true });
}

declare module 'fastify' {
  interface FastifyInstance {
    /** This instance's live-update hub (registered by liveRoutes). */
    liveHub: LiveHub;
  }
}
