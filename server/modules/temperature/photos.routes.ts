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

    // A reading and a patrol round take photos the same way; only the path, the rule and the service differ.
    const owners = [
      { path: '/api/temperature/readings/:id/photos', tag: 'temperature', what: 'a reading', who: `at most ${MAX_READING_PHOTOS}): the household's resident, within a day`, add: addReadingPhoto, list: listReadingPhotos },
      { path: '/api/patrols/rounds/:id/photos', tag: 'patrols', what: 'a patrol round', who: `at most ${MAX_ROUND_PHOTOS}): stewards and crew leads`, add: addRoundPhoto, list: listRoundPhotos },
    ];
    for (const o of owners) {
      app.post(o.path, {
        schema: { tags: [o.tag], summary: `Add a photo to ${o.what} (${limit}; ${o.who}`, consumes: ['multipart/form-data'], params: IdParams, response: uploaded },
      }, async (req, reply) => {
        const actor = requireActor(req);
        const data = await receivePhoto(req, maxBytes);
        return reply.code(201).send(await o.add(deps, actor, req.params.id, data));
      });
      app.get(o.path, {
        schema: { tags: [o.tag], summary: `The photos of ${o.what} (metadata; the image is at each url)`, params: IdParams, response: { 200: TemperaturePhotoList, ...errorResponses } },
      }, async (req) => ({ items: await o.list(deps, requireActor(req), req.params.id) }));
    }

    app.get('/api/temperature/photos/:id', {
      schema: { tags: ['temperature'], summary: 'One photo, for whoever may see its reading or round', params: IdParams },
    }, async (req, reply) => sendPhoto(reply, await temperaturePhotoContent(deps, requireActor(req), req.params.id)));
  };
}
