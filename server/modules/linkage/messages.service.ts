/**
 * The group's thread: members post (with at most one small attachment), everyone who may read
 * the group reads it. Every message is audited in its own transaction; a liaison can raise a
 * repair request for a resident from here, and the thread gets a message pointing at it.
 */
import { and, asc, eq, gt, inArray, sql } from 'drizzle-orm';
import type { Actor } from '../../kernel/actor.ts';
import { writeAudit } from '../../kernel/audit.ts';
import { queryRows, type Db } from '../../kernel/db.ts';
import type { Deps } from '../../kernel/deps.ts';
import { Forbidden, Invalid, NotFound, type FieldProblem } from '../../kernel/errors.ts';
import { users } from '../accounts/index.ts';
import { openRequest } from '../repairs/index.ts';
import { assertMember, assertReads, loadGroup } from './groups.service.ts';
import { publishGroupEvent } from './live.ts';
import { ATTACHMENT_MAX_BYTES, ATTACHMENT_TYPES, type LinkageSide, type MessageView, type PostMessage, type RaiseRequest } from './linkage.contract.ts';
import { linkageAttachments, linkageMessages } from './linkage.schema.ts';

type AttachmentIn = NonNullable<PostMessage['attachment']>;

/** What each allowed type's bytes must start with: the declared type is checked against the file. */
const SIGNATURES: Record<(typeof ATTACHMENT_TYPES)[number], (b: Buffer) => boolean> = {
  'image/png': (b) => b.subarray(0, 8).equals(Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a])),
  'image/jpeg': (b) => b[0] === 0xff && b[1] === 0xd8 && b[2] === 0xff,
  'application/pdf': (b) => b.subarray(0, 5).toString('latin1') === '%PDF-',
  'text/plain': (b) => !b.includes(0) && Buffer.from(b.toString('utf8'), 'utf8').equals(b),
};

/** Decoded, type- and size-checked bytes of an attachment; 422 field by field otherwise. */
export function checkAttachment(a: AttachmentIn): Buffer {
  const problems: FieldProblem[] = [];
  const type = a.contentType.toLowerCase() as (typeof ATTACHMENT_TYPES)[number];
  if (!ATTACHMENT_TYPES.includes(type)) problems.push({ field: 'attachment.contentType', message: `must be one of ${ATTACHMENT_TYPES.join(', ')}`, rule: 'file_type', params: { types: ATTACHMENT_TYPES.join(', ') } });
  if (/[/\\\0]/.test(a.fileName)) problems.push({ field: 'attachment.fileName', message: 'must be a plain file name (no folders)', rule: 'plain_file_name' });
  let bytes = Buffer.alloc(0);
  if (!/^[A-Za-z0-9+/]+={0,2}$/.test(a.dataBase64) || a.dataBase64.length % 4 !== 0) {
    problems.push({ field: 'attachment.dataBase64', message: 'is not valid base64', rule: 'bad_upload' });
  } else {
    bytes = Buffer.from(a.dataBase64, 'base64');
    if (bytes.length > ATTACHMENT_MAX_BYTES) problems.push({ field: 'attachment.dataBase64', message: `file is ${bytes.length} bytes; at most ${ATTACHMENT_MAX_BYTES}`, rule: 'file_too_large', params: { megabytes: ATTACHMENT_MAX_BYTES / 1024 / 1024 } });
    else if (ATTACHMENT_TYPES.includes(type) && !SIGNATURES[type](bytes)) problems.push({ field: 'attachment.dataBase64', message: `the file's content is not ${type}`, rule: 'file_type', params: { types: type } });
  }
  if (problems.length) throw new Invalid('The attachment was refused', problems, 'attachment_refused');
  return bytes;
}

async function insertMessage(
  tx: Db,
  deps: Deps,
  actor: Actor,
  m: { groupId: number; side: LinkageSide; body: string; repairRequestId?: number; attachment?: { meta: AttachmentIn; bytes: Buffer } },
): Promise<number> {
  const [row] = await tx
    .insert(linkageMessages)
    .values({ groupId: m.groupId, authorUserId: actor.userId!, side: m.side, body: m.body, repairRequestId: m.repairRequestId ?? null, createdAt: deps.clock.now() })
    .returning();
  let attachment: { id: number; fileName: string; contentType: string; sizeBytes: number } | undefined;
  if (m.attachment) {
    const [a] = await tx
      .insert(linkageAttachments)
      .values({ messageId: row!.id, groupId: m.groupId, fileName: m.attachment.meta.fileName, contentType: m.attachment.meta.contentType.toLowerCase(), sizeBytes: m.attachment.bytes.length, content: m.attachment.bytes })
      .returning({ id: linkageAttachments.id, fileName: linkageAttachments.fileName, contentType: linkageAttachments.contentType, sizeBytes: linkageAttachments.sizeBytes });
    attachment = a;
  }
  await writeAudit(tx, deps.clock, actor, { action: 'linkage.message.post', entity: 'linkage_message', entityId: row!.id, after: { ...row, attachment } });
  await publishGroupEvent(tx, m.groupId, { kind: 'message', messageId: row!.id });
  return row!.id;
}

export async function postMessage(deps: Deps, actor: Actor, groupId: number, input: PostMessage): Promise<MessageView> {
  const group = await loadGroup(deps.db, groupId);
  const side = await assertMember(deps.db, deps.clock, actor, group);
  const attachment = input.attachment ? { meta: input.attachment, bytes: checkAttachment(input.attachment) } : undefined;
  const body = input.body.trim();
  if (!body) throw new Invalid('The message is empty', [{ field: 'body', message: 'must not be blank', rule: 'required' }], 'message_empty');
  const id = await deps.db.transaction((tx) => insertMessage(tx, deps, actor, { groupId, side, body, ...(attachment && { attachment }) }));
  return (await messagesOf(deps.db, groupId, { ids: [id] }))[0]!;
}

/**
 * A liaison raises a repair request for a resident of the community (an elderly neighbour who
 * called the community office): the request goes through repairs' own on-behalf path (routing,
 * SLA, audit, steward notified), then the thread says so, so the heating side sees it at once.
 */
export async function raiseRequest(deps: Deps, actor: Actor, groupId: number, input: RaiseRequest): Promise<{ requestId: number; message: MessageView }> {
  const group = await loadGroup(deps.db, groupId);
  const side = await assertMember(deps.db, deps.clock, actor, group);
  if (side !== 'community') throw new Forbidden('Requests are raised here by the community side; stewards open them in their queue', 'not_community_side');
  const requestId = await openRequest(deps, actor, {
    householdId: input.householdId,
    category: input.category,
    channel: 'liaison',
    ...(input.note !== undefined && { note: input.note }),
    ...(input.callerName !== undefined && { caller: { name: input.callerName, ...(input.callerPhone !== undefined && { phone: input.callerPhone }) } }),
  });
  const [place] = await queryRows<{ accountNo: string; address: string }>(
    deps.db,
    sql`SELECT h.account_no AS "accountNo", c.name || ' ' || bu.name || ' ' || h.room AS address
        FROM households h JOIN buildings bu ON bu.id = h.building_id JOIN compounds c ON c.id = bu.compound_id WHERE h.id = ${input.householdId}`,
  );
  const body = `代居民报修 #${requestId}：${place!.address}（户号 ${place!.accountNo}）${input.note ? `，${input.note}` : ''}`;
  const id = await deps.db.transaction((tx) => insertMessage(tx, deps, actor, { groupId, side, body, repairRequestId: requestId }));
  return { requestId, message: (await messagesOf(deps.db, groupId, { ids: [id] }))[0]! };
}

async function messagesOf(db: Db, groupId: number, opts: { afterId?: number; ids?: number[] }): Promise<MessageView[]> {
  const conds = [eq(linkageMessages.groupId, groupId)];
  if (opts.afterId !== undefined) conds.push(gt(linkageMessages.id, opts.afterId));
  if (opts.ids) conds.push(inArray(linkageMessages.id, opts.ids));
  // The newest 200 when reading from the start: a long thread pages with afterId.
  const rows = await db
    .select({ m: linkageMessages, authorName: users.name })
    .from(linkageMessages)
    .innerJoin(users, eq(users.id, linkageMessages.authorUserId))
    .where(and(...conds))
    .orderBy(asc(linkageMessages.id))
    .limit(200);
  const ids = rows.map((r) => r.m.id);
  const files = ids.length
    ? await db
        .select({ id: linkageAttachments.id, messageId: linkageAttachments.messageId, fileName: linkageAttachments.fileName, contentType: linkageAttachments.contentType, sizeBytes: linkageAttachments.sizeBytes })
        .from(linkageAttachments)
        .where(inArray(linkageAttachments.messageId, ids))
    : [];
  return rows.map(({ m, authorName }) => ({
    id: m.id,
    groupId: m.groupId,
    authorUserId: m.authorUserId,
    authorName,
    side: m.side,
    body: m.body,
    repairRequestId: m.repairRequestId,
    createdAt: m.createdAt.toISOString(),
    attachments: files.filter((f) => f.messageId === m.id).map(({ messageId: _m, ...f }) => f),
  }));
}

export async function listMessages(deps: Deps, actor: Actor, groupId: number, afterId?: number): Promise<MessageView[]> {
  const group = await loadGroup(deps.db, groupId);
  await assertReads(deps.db, deps.clock, actor, group);
  return messagesOf(deps.db, groupId, afterId !== undefined ? { afterId } : {});
}

export async function getAttachment(deps: Deps, actor: Actor, id: number): Promise<{ fileName: string; contentType: string; content: Buffer }> {
  const [file] = await deps.db.select().from(linkageAttachments).where(eq(linkageAttachments.id, id));
  if (!file) throw new NotFound('attachment', id);
  await assertReads(deps.db, deps.clock, actor, await loadGroup(deps.db, file.groupId));
  return { fileName: file.fileName, contentType: file.contentType, content: file.content };
}
