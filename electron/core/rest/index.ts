import type { RestDeps, RestRoute } from './rest-route';
import { createV1Route } from './rest-route';
import { createFusionAuthRoute, type FaExtrasDeps } from './fusionauth-route';

export type { RestRoute, RequestContext } from './rest-route';

/** Every REST door (native /api/v1, FusionAuth-compatible /api/webhook), tried in order. */
export function createRestRoutes(deps: RestDeps & FaExtrasDeps): RestRoute {
  const routes: RestRoute[] = [createV1Route(deps), createFusionAuthRoute(deps)];
  return async (req, res, url, ctx) => {
    for (const route of routes) if (await route(req, res, url, ctx)) return true;
    return false;
  };
}
