import { and, desc, eq, gt, isNull, sql } from 'drizzle-orm';
import type { Actor, Scope } from '../../kernel/actor.ts';
import { writeAudit } from '../../kernel/audit.ts';
import { Coalescer } from '../../kernel/coalesce.ts';
import type { Db } from '../../kernel/db.ts';
import type { Deps } from '../../kernel/deps.ts';
import { TooMany, Unauthorized } from '../../kernel/errors.ts';
import type { CodeLogin, CodeRequest, PasswordLogin, SessionView } from './accounts.contract.ts';
import { otpCodes, sessions, users } from './accounts.schema.ts';
import { dummyPasswordHash, randomToken, sha256, sixDigitCode, verifyPassword } from './passwords.ts';
import { actorOf, findActiveResidentByPhone, scopesOf, toUserView, type UserRow } from './users.read.ts';

// Security settings, not heating rules: they belong to the code, not the rulebook.
const CODE_TTL_SECONDS = 300;
const CODE_RESEND_SECONDS = 60;
const CODE_MAX_ATTEMPTS = 5;
/** Refresh a session's expiry at most this often, so reads do not write on every request. */
const TOUCH_EVERY_MS = 5 * 60_000;

export interface AccountsDeps extends Deps {
  sessionTtlHours: number;
  /** Password / code sign-ins allowed per client address per minute (code requests: half). */
  signInPerMinute?: number;
}

export interface SignedIn {
  token: string;
  session: SessionView;
}

async function openSession(deps: AccountsDeps, user: UserRow, requestId: string | undefined, method: string) {
  const token = randomToken();
  const csrfToken = randomToken(18);
  const now = deps.clock.now();
  const expiresAt = new Date(now.getTime() + deps.sessionTtlHours * 3_600_000);
  const scopes = (await scopesOf(deps.db, [user.id])).get(user.id) ?? [];
  await deps.db.transaction(async (tx) => {
    await tx.insert(sessions).values({ tokenHash: sha256(token), userId: user.id, csrfToken, createdAt: now, lastSeenAt: now, expiresAt });
    await writeAudit(tx, deps.clock, actorOf(user, scopes, requestId), {
      action: 'session.sign_in',
      entity: 'user',
      entityId: user.id,
      after: { method, expiresAt },
    });
  });
  return { token, session: { user: toUserView(user, scopes), csrfToken, expiresAt: expiresAt.toISOString() } };
}

export async function signInWithPassword(deps: AccountsDeps, input: PasswordLogin, requestId?: string): Promise<SignedIn> {
  const [user] = await deps.db.select().from(users).where(sql`lower(${users.username}) = lower(${input.username})`);
  // Hash even for an unknown user so the response time does not tell which usernames exist.
  const ok = await verifyPassword(input.password, user?.passwordHash ?? (await dummyPasswordHash()));
  if (!user || !ok || !user.active || user.role === 'resident') {
    throw new Unauthorized('Wrong username or password', 'bad_credentials');
  }
  return openSession(deps, user, requestId, 'password');
}

export async function requestSignInCode(deps: AccountsDeps, input: CodeRequest, requestId?: string) {
  const now = deps.clock.now();
  const [last] = await deps.db
    .select({ createdAt: otpCodes.createdAt })
    .from(otpCodes)
    .where(eq(otpCodes.phone, input.phone))
    .orderBy(desc(otpCodes.createdAt))
    .limit(1);
  const waited = last ? (now.getTime() - last.createdAt.getTime()) / 1000 : Infinity;
  if (waited < CODE_RESEND_SECONDS) {
    throw new TooMany('A code was sent to this phone a moment ago; wait before asking again', Math.ceil(CODE_RESEND_SECONDS - waited));
  }
  const resident = await findActiveResidentByPhone(deps.db, input.phone);
  // The answer is the same whether or not the phone is registered, so it cannot be used to probe
  // who lives where; only a registered resident actually gets a code.
  if (resident) {
    const code = sixDigitCode();
    await deps.db.transaction(async (tx) => {
      await tx.insert(otpCodes).values({
        phone: input.phone,
        codeHash: sha256(`${input.phone}:${code}`),
        createdAt: now,
        expiresAt: new Date(now.getTime() + CODE_TTL_SECONDS * 1000),
      });
      await deps.notifier.send(tx, {
        channel: 'sms',
        recipient: input.phone,
        template: 'sign_in_code',
        body: `【供暖管家】您的登录验证码为 ${code}，${CODE_TTL_SECONDS / 60} 分钟内有效。Your heat-steward sign-in code is ${code}.`,
        data: { code, requestId },
      });
    });
  }
  return { sent: true, expiresInSeconds: CODE_TTL_SECONDS };
}

export async function signInWithCode(deps: AccountsDeps, input: CodeLogin, requestId?: string): Promise<SignedIn> {
  const now = deps.clock.now();
  const [otp] = await deps.db
    .select()
    .from(otpCodes)
    .where(and(eq(otpCodes.phone, input.phone), isNull(otpCodes.usedAt), gt(otpCodes.expiresAt, now)))
    .orderBy(desc(otpCodes.createdAt))
    .limit(1);
  const wrong = new Unauthorized('The code is wrong or has expired; ask for a new one', 'bad_code');
  if (!otp || otp.attempts >= CODE_MAX_ATTEMPTS) throw wrong;
  if (otp.codeHash !== sha256(`${input.phone}:${input.code}`)) {
    await deps.db.update(otpCodes).set({ attempts: sql`${otpCodes.attempts} + 1` }).where(eq(otpCodes.id, otp.id));
    throw wrong;
  }
  // Mark used with a guard so two simultaneous submissions of one code open one session.
  const used = await deps.db
    .update(otpCodes)
    .set({ usedAt: now })
    .where(and(eq(otpCodes.id, otp.id), isNull(otpCodes.usedAt)))
    .returning({ id: otpCodes.id });
  const resident = await findActiveResidentByPhone(deps.db, input.phone);
  if (used.length === 0 || !resident) throw wrong;
  return openSession(deps, resident, requestId, 'sms_code');
}

export type SessionLookup = { actor: Actor; csrfToken: string } | { problem: 'expired' | 'unknown' };

/**
 * Every API call resolves its session first, so this is one prepared statement (planned once per
 * connection, one per database handle) that also brings the user's scopes — and the calls that
 * arrive together share it (kernel/coalesce.ts): under load one round trip serves many sessions.
 */
const buildSessionLookup = (db: Db) =>
  db
    .select({
      session: sessions,
      user: users,
      scopes: sql<Scope[]>`coalesce((SELECT json_agg(json_build_object('kind', s.kind, 'refId', s.ref_id) ORDER BY s.kind, s.ref_id)
                                     FROM user_scopes s WHERE s.user_id = ${users.id}), '[]'::json)`,
    })
    .from(sessions)
    .innerJoin(users, eq(users.id, sessions.userId))
    .where(sql`${sessions.tokenHash} = ANY(${sql.placeholder('tokenHashes')}::text[])`)
    .prepare('hs_session_lookup_many');
type SessionRow = Awaited<ReturnType<ReturnType<typeof buildSessionLookup>['execute']>>[number];
const sessionLookups = new WeakMap<Db, Coalescer<string, SessionRow | undefined>>();

function lookUpSession(db: Db, tokenHash: string): Promise<SessionRow | undefined> {
  let lookup = sessionLookups.get(db);
  if (!lookup) {
    const query = buildSessionLookup(db);
    lookup = new Coalescer(async (tokenHashes: string[]) => {
      const byHash = new Map((await query.execute({ tokenHashes })).map((row) => [row.session.tokenHash, row]));
      return tokenHashes.map((hash) => byHash.get(hash));
    });
    sessionLookups.set(db, lookup);
  }
  return lookup.submit(tokenHash);
}

export async function resolveSession(deps: AccountsDeps, token: string, requestId?: string): Promise<SessionLookup> {
  const now = deps.clock.now();
  const row = await lookUpSession(deps.db, sha256(token));
  if (!row) return { problem: 'unknown' };
  if (row.session.revokedAt || row.session.expiresAt <= now || !row.user.active) return { problem: 'expired' };
  if (now.getTime() - row.session.lastSeenAt.getTime() > TOUCH_EVERY_MS) {
    await deps.db
      .update(sessions)
      .set({ lastSeenAt: now, expiresAt: new Date(now.getTime() + deps.sessionTtlHours * 3_600_000) })
      .where(eq(sessions.tokenHash, row.session.tokenHash));
  }
  return { actor: actorOf(row.user, row.scopes, requestId), csrfToken: row.session.csrfToken };
}

export async function signOut(deps: AccountsDeps, actor: Actor, token: string): Promise<void> {
  await deps.db.transaction(async (tx) => {
    await tx.update(sessions).set({ revokedAt: deps.clock.now() }).where(eq(sessions.tokenHash, sha256(token)));
    await writeAudit(tx, deps.clock, actor, { action: 'session.sign_out', entity: 'user', entityId: actor.userId });
  });
}
