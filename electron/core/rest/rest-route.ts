import type { IncomingMessage, ServerResponse } from 'node:http';
import { httpStatusFor, type Result } from '../../../shared/api/result';
import { BodyTooLarge, readBody, sendJson } from '../http/http-util';
import type { ApiKeys } from './api-keys';
import { queryToInput } from './input-schema';
import { buildOpenApi } from './openapi';
import { matchV1 } from './v1-routes';

const BODY_LIMIT = 32 * 1024 * 1024;

export interface RestDeps {
  call(name: string, input: unknown): Promise<Result<unknown>>;
  apiKeys(): ApiKeys | null;
  version: string;
}

export type RestRoute = (req: IncomingMessage, res: ServerResponse, url: URL) => Promise<boolean>;

/** `Authorization: <key>` as FusionAuth clients send it, or `Bearer <key>`. */
export function presentedKey(req: IncomingMessage): string {
  const raw = (req.headers.authorization ?? '').trim();
  return raw.toLowerCase().startsWith('bearer ') ? raw.slice(7).trim() : raw;
}

const v1Error = (
  res: ServerResponse,
  status: number,
  code: string,
  message: string,
  fieldErrors?: Record<string, string[]>,
) => sendJson(res, status, { error: fieldErrors ? { code, message, fieldErrors } : { code, message } });

/** Reads a JSON body; answers the error itself and returns undefined when it is not JSON. */
export async function readJsonBody(
  req: IncomingMessage,
  res: ServerResponse,
  onError: (status: number, message: string) => void,
): Promise<{ value: unknown } | undefined> {
  try {
    const raw = await readBody(req, BODY_LIMIT);
    if (raw.length === 0) return { value: undefined };
    return { value: JSON.parse(raw.toString('utf8')) };
  } catch (err) {
    if (err instanceof BodyTooLarge) onError(413, err.message);
    else onError(400, `The request body is not valid JSON: ${(err as Error).message}`);
    return undefined;
  }
}

/** The native REST API under /api/v1, over the same contract methods as every other door. */
export function createV1Route(deps: RestDeps): RestRoute {
  let openapi: string | undefined;
  return async (req, res, url) => {
    if (!url.pathname.startsWith('/api/v1/') && url.pathname !== '/api/v1') return false;
    if (url.pathname === '/api/v1/openapi.json' && req.method === 'GET') {
      openapi ??= JSON.stringify(buildOpenApi(deps.version));
      res.writeHead(200, { 'Content-Type': 'application/json; charset=utf-8' });
      res.end(openapi);
      return true;
    }
    const keys = deps.apiKeys();
    if (!keys) {
      v1Error(res, 503, 'unavailable', 'Hookbench is still starting; try again in a moment.');
      return true;
    }
    if (!keys.find(presentedKey(req))) {
      v1Error(
        res,
        401,
        'unauthorized',
        'Send an API key in the Authorization header (create one in Settings or with `hookbench keys create`).',
      );
      return true;
    }
    const match = matchV1(req.method ?? 'GET', url.pathname);
    if (!match) {
      v1Error(res, 404, 'not_found', `No route ${req.method} ${url.pathname}; see /api/v1/openapi.json.`);
      return true;
    }
    if ('allowed' in match) {
      res.setHeader('Allow', match.allowed.join(', '));
      v1Error(res, 405, 'invalid_input', `${url.pathname} takes ${match.allowed.join(', ')}.`);
      return true;
    }
    let input: unknown;
    if (match.route.method === 'GET' || match.route.method === 'DELETE') {
      const fromQuery = queryToInput(match.name, url.searchParams);
      const merged = { ...fromQuery, ...match.params };
      input = Object.keys(merged).length ? merged : undefined;
    } else {
      const body = await readJsonBody(req, res, (status, message) => v1Error(res, status, 'invalid_input', message));
      if (!body) return true;
      const value = body.value;
      if (
        value !== undefined &&
        (typeof value !== 'object' || value === null || Array.isArray(value)) &&
        Object.keys(match.params).length
      ) {
        v1Error(res, 400, 'invalid_input', 'The request body must be a JSON object.');
        return true;
      }
      input = Object.keys(match.params).length ? { ...(value as object | undefined), ...match.params } : value;
    }
    const result = await deps.call(match.name, input);
    if (result.ok) sendJson(res, 200, result.value ?? null);
    else
      v1Error(res, httpStatusFor[result.error.code], result.error.code, result.error.message, result.error.fieldErrors);
    return true;
  };
}
