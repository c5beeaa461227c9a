import type { FastifyInstance } from 'fastify';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import { IdParams, errorResponses } from '../../kernel/contract.ts';
import type { Deps } from '../../kernel/deps.ts';
import { CommunityQuery, PublicBuildings, PublicCommunities, PublicCompounds, StewardQuery, StewardView } from './steward.contract.ts';
import { publicBuildings, publicCommunities, publicCompounds } from './steward.pick-list.ts';
import { stewardDirectory } from './steward.service.ts';

/** Public, no sign-in: "my steward" by account number or by picking community → compound → building. */
export function stewardRoutes(deps: Deps) {
  return async function (fastify: FastifyInstance) {
    const app = fastify.withTypeProvider<TypeBoxTypeProvider>();
    const tags = ['public'];
    const directory = stewardDirectory(deps);

    app.get('/api/public/steward', {
      schema: {
        tags,
        summary: 'My steward: name and phone, grid, service mode today, where to pay, whom to call, season dates',
        querystring: StewardQuery,
        response: { 200: StewardView, ...errorResponses },
      },
    }, async (req) => directory.findSteward(req.query));

    app.get('/api/public/communities', {
      schema: { tags, summary: 'Communities to pick from', querystring: CommunityQuery, response: { 200: PublicCommunities, ...errorResponses } },
    }, async (req) => publicCommunities(deps.db, req.query.q));

    app.get('/api/public/communities/:id/compounds', {
      schema: { tags, summary: 'Compounds of a community', params: IdParams, response: { 200: PublicCompounds, ...errorResponses } },
    }, async (req) => publicCompounds(deps.db, req.params.id));

    app.get('/api/public/compounds/:id/buildings', {
      schema: { tags, summary: 'Buildings of a compound', params: IdParams, response: { 200: PublicBuildings, ...errorResponses } },
    }, async (req) => publicBuildings(deps.db, req.params.id));
  };
}
