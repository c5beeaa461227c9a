/**
 * What every module's photos share: the bytea column, recognising an image by its first bytes,
 * the size and type refusals, reading the one file of a multipart upload, and serving the image.
 * Who may add or see a photo, and how many, stays with the module that owns it.
 */
import { createHash } from 'node:crypto';
import multipart from '@fastify/multipart';
import { customType } from 'drizzle-orm/pg-core';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { PhotoType } from './contract.ts';
import { BadRequest, DomainError } from './errors.ts';

/**
 * Raw bytes. PGlite hands back a Uint8Array, node-postgres a Buffer: normalise. Photos are kept in
 * the database, not on disk, so every app instance serves them (the app is stateless) and a photo
 * is saved in the same transaction as its audit row. Reads that list photos never select the bytes.
 */
export const bytea = customType<{ data: Buffer; driverData: Buffer | Uint8Array }>({
  dataType: () => 'bytea',
  fromDriver: (v) => (Buffer.isBuffer(v) ? v : Buffer.from(v)),
});

/** Enough for a phone photo; more is a video or a raw file. PHOTO_MAX_BYTES overrides it. */
export const DEFAULT_PHOTO_MAX_BYTES = 5 * 1024 * 1024;

export class NotAnImage extends DomainError {
  constructor() {
    super(415, 'not_an_image', 'The file is not a JPEG, PNG or WebP image', [{ field: 'file', message: 'must be a JPEG, PNG or WebP image', rule: 'not_an_image' }]);
  }
}

export class PhotoTooLarge extends DomainError {
  constructor(maxBytes: number) {
    const megabytes = Math.round(maxBytes / 1024 / 1024);
    super(413, 'photo_too_large', `The photo is over the ${megabytes} MB limit`, [{ field: 'file', message: `must be at most ${maxBytes} bytes`, rule: 'photo_too_large', params: { megabytes } }], { megabytes });
  }
}

/** The image type from the file's magic bytes, or null. */
export function imageTypeOf(data: Buffer): PhotoType | null {
  if (data.length >= 3 && data[0] === 0xff && data[1] === 0xd8 && data[2] === 0xff) return 'image/jpeg';
  if (data.length >= 8 && data.subarray(0, 8).equals(Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]))) return 'image/png';
  if (data.length >= 12 && data.toString('latin1', 0, 4) === 'RIFF' && data.toString('latin1', 8, 12) === 'WEBP') return 'image/webp';
  return null;
}

/** The columns a photo row is written with, from its bytes: 415 unless it is an image. */
export function photoFacts(data: Buffer): { contentType: PhotoType; bytes: number; sha256: string } {
  const contentType = imageTypeOf(data);
  if (!contentType) throw new NotAnImage();
  return { contentType, bytes: data.length, sha256: createHash('sha256').update(data).digest('hex') };
}

/** Multipart for this plugin scope only (the rest of the app is JSON): one file, no fields. */
export async function acceptPhotoUploads(fastify: FastifyInstance, maxBytes: number): Promise<void> {
  await fastify.register(multipart, { limits: { fileSize: maxBytes, files: 1, fields: 0, parts: 1 } });
}

/** The one image of an upload, read into memory (it is at most maxBytes); 4xx for anything else. */
export async function receivePhoto(req: FastifyRequest, maxBytes: number): Promise<Buffer> {
  if (!req.isMultipart()) {
    throw new DomainError(415, 'unsupported_media_type', 'Upload the photo as multipart/form-data in the field "file"', [{ field: 'file', message: 'is required' }]);
  }
  let file;
  try {
    file = await req.file();
  } catch (err) {
    throw new BadRequest(`Unreadable upload: ${(err as Error).message}`, [{ field: 'file', message: 'could not be read', rule: 'bad_upload' }], 'bad_upload');
  }
  if (!file || file.fieldname !== 'file') throw new BadRequest('No photo in the upload', [{ field: 'file', message: 'is required', rule: 'required' }], 'no_file');
  try {
    const data = await file.toBuffer();
    if (file.file.truncated) throw new PhotoTooLarge(maxBytes);
    return data;
  } catch (err) {
    if ((err as { code?: string }).code === 'FST_REQ_FILE_TOO_LARGE') throw new PhotoTooLarge(maxBytes);
    throw err;
  }
}

/** The image reply. Private: behind a session; immutable: a photo never changes under its id. */
export function sendPhoto(reply: FastifyReply, photo: { contentType: string; data: Buffer; sha256: string }) {
  return reply
    .type(photo.contentType)
    .header('cache-control', 'private, max-age=86400, immutable')
    .header('etag', `"${photo.sha256}"`)
    .header('x-content-type-options', 'nosniff')
    .send(photo.data);
}
