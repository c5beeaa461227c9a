/**
 * Signed-in residents for the benchmarks, made the way real ones are: an admin creates the
 * resident user of a household (POST /api/users, household scope), the resident asks for an SMS
 * code (POST /api/auth/code), the code is read from the SMS outbox (the SMS interface), and the
 * resident signs in with it (POST /api/auth/code/verify). Each bench resident's phone is derived
 * from the household id (19 + 9 digits), so a later run reuses the users it made before.
 * The server must run with SIGN_IN_RATE_LIMIT_PER_MINUTE raised: every sign-in comes from 127.0.0.1.
 */
import { sql } from 'drizzle-orm';
import { queryRows, type Db } from '../server/kernel/db.ts';

export interface Session {
  cookie: string;
  csrf: string;
}

export interface Resident extends Session {
  householdId: number;
  phone: string;
}

export function benchPhone(householdId: number): string {
  return `19${String(householdId).padStart(9, '0')}`;
}

function sessionOf(res: Response): Session {
  const cookies = res.headers.getSetCookie().map((c) => c.split(';')[0]!);
  const csrf = cookies.find((c) => c.startsWith('hs_csrf='))?.slice('hs_csrf='.length);
  if (!csrf) throw new Error('sign-in answered without a session');
  return { cookie: cookies.join('; '), csrf };
}

async function postJson(url: string, body: unknown, session?: Session): Promise<Response> {
  return fetch(url, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...(session && { cookie: session.cookie, 'x-csrf-token': session.csrf }) },
    body: JSON.stringify(body),
  });
}

export async function signInStaff(baseUrl: string, username: string, password = 'heat-demo-2026'): Promise<Session> {
  const res = await postJson(`${baseUrl}/api/auth/login`, { username, password });
  if (!res.ok) throw new Error(`${username} sign-in failed: ${res.status} ${await res.text()}`);
  return sessionOf(res);
}

/** Run `work` over `items` with at most `parallel` in flight. */
export async function inParallel<T, R>(items: T[], parallel: number, work: (item: T) => Promise<R>): Promise<R[]> {
  const out: R[] = new Array(items.length);
  let next = 0;
  await Promise.all(
    Array.from({ length: Math.min(parallel, items.length) }, async () => {
      while (next < items.length) {
        const i = next++;
        out[i] = await work(items[i]!);
      }
    }),
  );
  return out;
}

async function signInResident(baseUrl: string, db: Db, householdId: number): Promise<Resident> {
  const phone = benchPhone(householdId);
  const asked = await postJson(`${baseUrl}/api/auth/code`, { phone });
  if (!asked.ok) throw new Error(`code request for ${phone} failed: ${asked.status} ${await asked.text()}`);
  const [sms] = await queryRows<{ code: string }>(
    db,
    sql`SELECT data->>'code' AS code FROM outbox WHERE recipient = ${phone} AND template = 'sign_in_code' ORDER BY created_at DESC, id DESC LIMIT 1`,
  );
  if (!sms) throw new Error(`no sign-in SMS for ${phone} in the outbox`);
  const verified = await postJson(`${baseUrl}/api/auth/code/verify`, { phone, code: sms.code });
  if (!verified.ok) throw new Error(`code sign-in for ${phone} failed: ${verified.status} ${await verified.text()}`);
  return { householdId, phone, ...sessionOf(verified) };
}

/** A signed-in resident for each household (creating the missing resident users first). */
export async function residentSessions(baseUrl: string, db: Db, householdIds: number[], parallel = 8): Promise<Resident[]> {
  const admin = await signInStaff(baseUrl, 'admin');
  const phones = householdIds.map(benchPhone);
  const existing = new Set(
    (await queryRows<{ phone: string }>(db, sql`SELECT phone FROM users WHERE role = 'resident' AND phone = ANY(string_to_array(${phones.join(',')}, ','))`)).map((r) => r.phone),
  );
  const missing = householdIds.filter((id) => !existing.has(benchPhone(id)));
  await inParallel(missing, parallel, async (householdId) => {
    const res = await postJson(
      `${baseUrl}/api/users`,
      { role: 'resident', name: `住户${householdId}`, phone: benchPhone(householdId), scopes: [{ kind: 'household', refId: householdId }] },
      admin,
    );
    if (res.status !== 201) throw new Error(`creating the resident of household ${householdId} failed: ${res.status} ${await res.text()}`);
  });
  return inParallel(householdIds, parallel, (id) => signInResident(baseUrl, db, id));
}
