import type { FastifyInstance } from 'fastify';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import { Type } from 'typebox';
import { IdParams, errorResponses } from '../../kernel/contract.ts';
import type { Deps } from '../../kernel/deps.ts';
import { requireActor } from '../../kernel/http.ts';
import { acceptPhotoUploads, DEFAULT_PHOTO_MAX_BYTES, receivePhoto, sendPhoto } from '../../kernel/photos.ts';
import { addPhoto, listPhotos, photoContent } from './photos.service.ts';
import { PHOTO_KINDS, PhotoList, PhotoView } from './repairs.contract.ts';

/** Photos of a request: multipart is registered in this scope only (the rest of the app is JSON). */
export function repairPhotoRoutes(deps: Deps, opts: { maxBytes?: number | undefined } = {}) {
  const maxBytes = opts.maxBytes ?? DEFAULT_PHOTO_MAX_BYTES;
  return async function (fastify: FastifyInstance) {
    await acceptPhotoUploads(fastify, maxBytes);
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
      return sendPhoto(reply, await photoContent(deps, requireActor(req), req.params.id));
    });
  };
}
