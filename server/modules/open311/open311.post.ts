/**
 * POST /requests: read the form the hotline platform sends, route it to a household by its
 * account number (address_id = 户号) and open a repair request through the repairs module as
 * the client's service account on channel 12345. Coordinates or a free-text address alone are
 * refused: households are not geocoded here, and a guess would send a steward to the wrong door.
 */
import { writeAudit } from '../../kernel/audit.ts';
import type { Db } from '../../kernel/db.ts';
import type { Deps } from '../../kernel/deps.ts';
import { findHouseholdByAccountNo } from '../registry/index.ts';
import { CALLER_PHONE_PATTERN, openRequest, type Caller } from '../repairs/index.ts';
import { Open311Error } from './open311.format.ts';
import type { Open311Client } from './open311.keys.ts';
import { open311Requests } from './open311.schema.ts';
import { serviceFor, type Service } from './open311.services.ts';

export type FormBody = Record<string, unknown>;

const MAX_DESCRIPTION = 4000;
const MAX_SHORT = 200;
const MAX_URL = 2000;

/** One form field as a trimmed string, or undefined when absent or blank; repeated fields are refused. */
export function field(body: FormBody, name: string, max = MAX_SHORT): string | undefined {
  const raw = body[name];
  if (raw === undefined || raw === null) return undefined;
  if (Array.isArray(raw)) throw new Open311Error(400, `${name} was given more than once`);
  if (typeof raw !== 'string' && typeof raw !== 'number') throw new Open311Error(400, `${name} must be text`);
  const value = String(raw).trim();
  if (value.length > max) throw new Open311Error(400, `${name} is longer than ${max} characters`);
  return value === '' ? undefined : value;
}

function coordinate(body: FormBody, name: 'lat' | 'long', limit: number): string | undefined {
  const value = field(body, name, 40);
  if (value === undefined) return undefined;
  const n = Number(value);
  if (!Number.isFinite(n) || Math.abs(n) > limit) throw new Open311Error(400, `${name} must be a number between -${limit} and ${limit}`);
  return value;
}

/** attribute[code]=value pairs, checked against the service definition. */
function attributesOf(body: FormBody, service: Service): Record<string, string> {
  const given: Record<string, string> = {};
  for (const key of Object.keys(body)) {
    const m = /^attribute\[(.+)\]$/.exec(key);
    if (!m) continue;
    const def = service.attributes.find((a) => a.code === m[1]);
    if (!def) throw new Open311Error(400, `attribute[${m[1]}] is not an attribute of service ${service.code}`);
    const value = field(body, key);
    if (value === undefined) continue;
    if (def.datatype === 'singlevaluelist' && !def.values.some((v) => v.key === value)) {
      throw new Open311Error(400, `attribute[${def.code}] must be one of: ${def.values.map((v) => v.key).join(', ')}`);
    }
    given[def.code] = value;
  }
  for (const a of service.attributes) {
    if (a.required && given[a.code] === undefined) throw new Open311Error(400, `attribute[${a.code}] is required for service ${service.code}`);
  }
  return given;
}

export interface PostedRequest {
  requestId: number;
  accountId: string | undefined;
}

/**
 * Who called, as the request records it for the steward (代报): the hotline platform holding the
 * API key, with the phone the platform gave for the person if it is one a steward can dial.
 */
function callerOf(client: Open311Client, phone: string | null): Caller {
  return { name: client.clientName.slice(0, 60), ...(phone && DIALLABLE.test(phone) && { phone }) };
}
const DIALLABLE = new RegExp(CALLER_PHONE_PATTERN);

export async function postRequest(deps: Deps, client: Open311Client, body: FormBody): Promise<PostedRequest> {
  const code = field(body, 'service_code');
  if (!code) throw new Open311Error(400, 'service_code is required');
  const service = serviceFor(code);
  if (!service) throw new Open311Error(400, `service_code ${code} is not a known service (see services.xml)`);
  const addressId = field(body, 'address_id', 64);
  const lat = coordinate(body, 'lat', 90);
  const long = coordinate(body, 'long', 180);
  const addressString = field(body, 'address_string', 500);
  if (!addressId) {
    throw new Open311Error(
      400,
      lat || long || addressString
        ? 'address_id (the household account number, 户号) is required: lat/long or address_string alone cannot be routed to a household'
        : 'A location is required: send address_id, the household account number (户号)',
    );
  }
  const description = field(body, 'description', MAX_DESCRIPTION);
  const mediaUrl = field(body, 'media_url', MAX_URL);
  if (mediaUrl && !/^https?:\/\/[^\s]+$/i.test(mediaUrl)) throw new Open311Error(400, 'media_url must be an http(s) URL');
  const email = field(body, 'email');
  if (email && !/^[^\s@]+@[^\s@]+$/.test(email)) throw new Open311Error(400, 'email is not an e-mail address');
  const attributes = attributesOf(body, service);
  const contact = {
    firstName: field(body, 'first_name') ?? null,
    lastName: field(body, 'last_name') ?? null,
    phone: field(body, 'phone', 40) ?? null,
    email: email ?? null,
    deviceId: field(body, 'device_id') ?? null,
    accountId: field(body, 'account_id') ?? null,
  };

  const household = await findHouseholdByAccountNo(deps.db, addressId);
  if (!household) throw new Open311Error(400, `address_id ${addressId} is not a known household account number (户号)`);

  const labels = service.attributes
    .filter((a) => attributes[a.code] !== undefined)
    .map((a) => `${a.description}：${a.values.find((v) => v.key === attributes[a.code])?.name ?? attributes[a.code]}`);
  const note = [description, ...labels].filter(Boolean).join('\n') || undefined;
  const insertDetails = async (tx: Db, requestId: number): Promise<void> => {
    await tx.insert(open311Requests).values({
      requestId,
      apiKeyId: client.keyId,
      addressString: addressString ?? null,
      lat: lat ?? null,
      long: long ?? null,
      mediaUrl: mediaUrl ?? null,
      attributes,
      ...contact,
      createdAt: deps.clock.now(),
    });
    await writeAudit(tx, deps.clock, client.actor, {
      action: 'open311.request.create',
      entity: 'repair_request',
      entityId: requestId,
      after: { client: client.clientName, serviceCode: service.code, addressId, mediaUrl: mediaUrl ?? null, attributes },
    });
  };
  // All or nothing: the request, its hotline details and both audit rows commit together, so a
  // failure in the details never leaves a request the platform was told did not exist.
  const requestId = await deps.db.transaction(async (tx) => {
    const id = await openRequest(deps, client.actor, { category: service.code, householdId: household.householdId, channel: '12345', ...(note && { note }), caller: callerOf(client, contact.phone) }, { tx });
    await insertDetails(tx, id);
    return id;
  });
  return { requestId, accountId: contact.accountId ?? undefined };
}
