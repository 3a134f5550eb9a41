import { describe, expect, it } from 'vitest';
import { DoorError } from '../../../electron/core/http/door-error';
import { matchV1, v1Routes, type HttpMethod, type V1Route } from '../../../electron/core/rest/v1-routes';

const METHODS: HttpMethod[] = ['GET', 'POST', 'PUT', 'PATCH', 'DELETE'];
const routes = Object.entries(v1Routes).filter((e): e is [string, V1Route] => e[1] !== null);

/** What a request should find, worked out by scanning every route: literal paths before those with parameters. */
function expected(method: string, pathname: string) {
  const literalFirst = [
    ...routes.filter(([, r]) => !r.path.includes('{')),
    ...routes.filter(([, r]) => r.path.includes('{')),
  ];
  const allowed: HttpMethod[] = [];
  for (const [name, route] of literalFirst) {
    const keys: string[] = [];
    const re = new RegExp(`^${route.path.replace(/\{(\w+)\}/g, (_m, k: string) => (keys.push(k), '([^/]+)'))}$`);
    const m = re.exec(pathname);
    if (!m) continue;
    if (route.method !== method) {
      allowed.push(route.method);
      continue;
    }
    return { name, route, params: Object.fromEntries(keys.map((k, i) => [k, decodeURIComponent(m[i + 1]!)])) };
  }
  return allowed.length ? { allowed } : null;
}

describe('matchV1', () => {
  const paths = [
    ...new Set(routes.map(([, r]) => r.path.replace(/\{(\w+)\}/g, (_m, k: string) => `${k}%20x`))),
    '/api/v1/exchanges/facets',
    '/api/v1/replays/current',
    '/api/v1/nope',
    '/api/v1/exchanges/a/b/c',
    '/api/v1',
  ];

  it('finds for every route, method and path what a scan of all routes finds', () => {
    for (const path of paths)
      for (const method of METHODS) expect(matchV1(method, path)).toEqual(expected(method, path));
  });

  it('takes a literal path before a route with a parameter, and lists the methods a path takes', () => {
    expect(matchV1('GET', '/api/v1/exchanges/facets')).toMatchObject({ name: 'exchangeFacets', params: {} });
    expect(matchV1('GET', '/api/v1/exchanges/ex_1')).toMatchObject({ name: 'getExchange', params: { id: 'ex_1' } });
    expect(matchV1('PUT', '/api/v1/replays/current')).toEqual({ allowed: ['GET', 'DELETE'] });
    expect(matchV1('POST', '/api/v1/emit')).toMatchObject({ name: 'emit', params: {} });
    expect(matchV1('GET', '/api/v1/emit')).toEqual({ allowed: ['POST'] });
    expect(matchV1('GET', '/api/v1/nope')).toBeNull();
  });

  it('refuses a path parameter that does not percent-decode', () => {
    expect(() => matchV1('GET', '/api/v1/exchanges/%E0')).toThrow(DoorError);
  });
});
