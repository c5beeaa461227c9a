import type { FastifyInstance, FastifyRequest } from 'fastify';
import multipart from '@fastify/multipart';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import { Type } from 'typebox';
import { IdParams, errorResponses } from '../../kernel/contract.ts';
import type { Deps } from '../../kernel/deps.ts';
import { BadRequest, DomainError } from '../../kernel/errors.ts';
import { requireActor } from '../../kernel/http.ts';
import { addPhoto, DEFAULT_PHOTO_MAX_BYTES, listPhotos, photoContent, PhotoTooLarge } from './photos.service.ts';
import { PHOTO_KINDS, PhotoList, PhotoView } from './repairs.contract.ts';

/** The one image of an upload, read into memory (it is at most maxBytes); 4xx for anything else. */
async function receivePhoto(req: FastifyRequest, maxBytes: number): Promise<Buffer> {
  if (!req.isMultipart()) {
    throw new DomainError(415, 'unsupported_media_type', 'Upload the photo as multipart/form-data in the field "file"', [{ field: 'file', message: 'is required' }]);
  }
  let file;
  try {
    file = await req.file();
  } catch (err) {
    throw new BadRequest(`Unreadable upload: ${(err as Error).message}`, [{ field: 'file', message: 'could not be read' }], 'bad_upload');
  }
  if (!file || file.fieldname !== 'file') throw new BadRequest('No photo in the upload', [{ field: 'file', message: 'is required' }], 'no_file');
  try {
    const data = await file.toBuffer();
    if (file.file.truncated) throw new PhotoTooLarge(maxBytes);
    return data;
  } catch (err) {
    if ((err as { code?: string }).code === 'FST_REQ_FILE_TOO_LARGE') throw new PhotoTooLarge(maxBytes);
    throw err;
  }
}

/** Photos of a request: multipart is registered in this scope only (the rest of the app is JSON). */
export function repairPhotoRoutes(deps: Deps, opts: { maxBytes?: number | undefined } = {}) {
  const maxBytes = opts.maxBytes ?? DEFAULT_PHOTO_MAX_BYTES;
  return async function (fastify: FastifyInstance) {
    await fastify.register(multipart, { limits: { fileSize: maxBytes, files: 1, fields: 0, parts: 1 } });
    const app = fastify.withTypeProvider<TypeBoxTypeProvider>();
    const tags = ['repairs'];

    app.post('/api/repairs/:id/photos', {
      schema: {
        tags,
        summary: `Add a photo (JPEG, PNG or WebP, ≤ ${Math.round(maxBytes / 1024 / 1024)} MB, multipart field "file"): kind=report by the household or reporter, kind=resolve by the steward`,
        consumes: ['multipart/form-data'],
        params: IdParams,
        querystring: Type.Object({ kind: Type.Enum(PHOTO_KINDS) }, { additionalProperties: false }),
        response: { 201: PhotoView, 413: errorResponses[400], 415: errorResponses[400], ...errorResponses },
      },
    }, async (req, reply) => {
      const actor = requireActor(req);
      const data = await receivePhoto(req, maxBytes);
      return reply.code(201).send(await addPhoto(deps, actor, req.params.id, req.query.kind, data));
    });

    app.get('/api/repairs/:id/photos', {
      schema: { tags, summary: "A request's photos (metadata; the image is at each url)", params: IdParams, response: { 200: PhotoList, ...errorResponses } },
    }, async (req) => ({ items: await listPhotos(deps, requireActor(req), req.params.id) }));

    app.get('/api/repairs/photos/:id', {
      schema: { tags, summary: 'One photo, for whoever may see its request', params: IdParams },
    }, async (req, reply) => {
      const photo = await photoContent(deps, requireActor(req), req.params.id);
      return reply
        .type(photo.contentType)
        // Private: behind a session; immutable: a photo never changes under its id.
        .header('cache-control', 'private, max-age=86400, immutable')
        .header('etag', `"${photo.sha256}"`)
        .header('x-content-type-options', 'nosniff')
        .send(photo.data);
    });
  };
}
