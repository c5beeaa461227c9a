import type { FastifyInstance } from 'fastify';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import { IdParams, errorResponses } from '../../kernel/contract.ts';
import type { Deps } from '../../kernel/deps.ts';
import { requireActor } from '../../kernel/http.ts';
import { acceptPhotoUploads, DEFAULT_PHOTO_MAX_BYTES, receivePhoto, sendPhoto } from '../../kernel/photos.ts';
import { MAX_READING_PHOTOS, MAX_ROUND_PHOTOS, TemperaturePhotoList, TemperaturePhotoView } from './photos.contract.ts';
import { addReadingPhoto, addRoundPhoto, listReadingPhotos, listRoundPhotos, temperaturePhotoContent } from './photos.service.ts';

/** Photos of readings and patrol rounds: multipart is registered in this scope only, as in repairs. */
export function temperaturePhotoRoutes(deps: Deps, opts: { maxBytes?: number | undefined } = {}) {
  const maxBytes = opts.maxBytes ?? DEFAULT_PHOTO_MAX_BYTES;
  const limit = `JPEG, PNG or WebP, ≤ ${Math.round(maxBytes / 1024 / 1024)} MB, multipart field "file"`;
  return async function (fastify: FastifyInstance) {
    await acceptPhotoUploads(fastify, maxBytes);
    const app = fastify.withTypeProvider<TypeBoxTypeProvider>();
    const uploaded = { 201: TemperaturePhotoView, 413: errorResponses[400], 415: errorResponses[400], ...errorResponses };

    app.post('/api/temperature/readings/:id/photos', {
      schema: {
        tags: ['temperature'],
        summary: `Add a photo to a reading (${limit}; at most ${MAX_READING_PHOTOS}): the household's resident, within a day`,
        consumes: ['multipart/form-data'],
        params: IdParams,
        response: uploaded,
      },
    }, async (req, reply) => {
      const actor = requireActor(req);
      const data = await receivePhoto(req, maxBytes);
      return reply.code(201).send(await addReadingPhoto(deps, actor, req.params.id, data));
    });

    app.get('/api/temperature/readings/:id/photos', {
      schema: { tags: ['temperature'], summary: "A reading's photos (metadata; the image is at each url)", params: IdParams, response: { 200: TemperaturePhotoList, ...errorResponses } },
    }, async (req) => ({ items: await listReadingPhotos(deps, requireActor(req), req.params.id) }));

    app.post('/api/patrols/rounds/:id/photos', {
      schema: {
        tags: ['patrols'],
        summary: `Add a photo to a patrol round (${limit}; at most ${MAX_ROUND_PHOTOS}): stewards and crew leads`,
        consumes: ['multipart/form-data'],
        params: IdParams,
        response: uploaded,
      },
    }, async (req, reply) => {
      const actor = requireActor(req);
      const data = await receivePhoto(req, maxBytes);
      return reply.code(201).send(await addRoundPhoto(deps, actor, req.params.id, data));
    });

    app.get('/api/patrols/rounds/:id/photos', {
      schema: { tags: ['patrols'], summary: "A round's photos (metadata; the image is at each url)", params: IdParams, response: { 200: TemperaturePhotoList, ...errorResponses } },
    }, async (req) => ({ items: await listRoundPhotos(deps, requireActor(req), req.params.id) }));

    app.get('/api/temperature/photos/:id', {
      schema: { tags: ['temperature'], summary: 'One photo, for whoever may see its reading or round', params: IdParams },
    }, async (req, reply) => sendPhoto(reply, await temperaturePhotoContent(deps, requireActor(req), req.params.id)));
  };
}
