import type { IncomingMessage, ServerResponse } from 'node:http';
import { httpStatusFor, type Result } from '../../../shared/api/result';
import { DoorError } from '../http/door-error';
import { guarded, type ErrorAnswer } from '../http/guarded';
import { sendJson } from '../http/http-util';
import { readJsonBody } from '../http/json-body';
import type { Caller } from '../accounts/caller';
import type { Logger } from '../log';
import { queryToInput } from './input-schema';
import { buildOpenApi } from './openapi';
import { matchV1 } from './v1-routes';

/** Bodies of the REST doors; imports (the largest) are sent in parts by the CLI. */
export const REST_BODY_LIMIT = 32 * 1024 * 1024;

export interface RestDeps {
  call(name: string, input: unknown, caller: Caller): Promise<Result<unknown>>;
  /** The caller a presented API key stands for (its account, with that account's role), or null. */
  authenticate(presented: string, door: 'rest' | 'fusionauth', address?: string): Promise<Caller | null>;
  /** Settings and accounts are open: keys can be checked. */
  ready(): boolean;

  version: string;
  log: Logger;
  /** Something the user must hear about (a file moved aside): shown with the core's notices. */
  notice(message: string): void;
}

/** What the HTTP door knows of a request before a route sees it. */
export interface RequestContext {
  /** The client's address (through a trusted proxy, the address it forwarded for). */
  address?: string;
}

export type RestRoute = (req: IncomingMessage, res: ServerResponse, url: URL, ctx?: RequestContext) => Promise<boolean>;

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

/** The native API's refusals: `{ error: { code, message, fieldErrors? } }`. */
const v1ErrorAnswer: ErrorAnswer = (res, err) => v1Error(res, err.status, err.code, err.message, err.fieldErrors);

/** The native REST API under /api/v1, over the same contract methods as every other door. */
export function createV1Route(deps: RestDeps): RestRoute {
  let openapi: string | undefined;
  return async (req, res, url, ctx) => {
    if (!url.pathname.startsWith('/api/v1/') && url.pathname !== '/api/v1') return false;
    await guarded(res, deps.log, v1ErrorAnswer, () => answer(req, res, url, ctx?.address));
    return true;
  };

  async function answer(req: IncomingMessage, res: ServerResponse, url: URL, address?: string): Promise<void> {
    if (url.pathname === '/api/v1/openapi.json' && req.method === 'GET') {
      openapi ??= JSON.stringify(buildOpenApi(deps.version));
      res.writeHead(200, { 'Content-Type': 'application/json; charset=utf-8' });
      res.end(openapi);
      return;
    }
    if (!deps.ready()) return v1Error(res, 503, 'unavailable', 'Hookbench is still starting; try again in a moment.');
    const caller = await deps.authenticate(presentedKey(req), 'rest', address);
    if (!caller)
      return v1Error(
        res,
        401,
        'unauthorized',
        'Send an API key in the Authorization header (create one in Settings or with `hookbench keys create`); a key of a disabled account no longer works.',
      );
    const match = matchV1(req.method ?? 'GET', url.pathname);
    if (!match)
      return v1Error(res, 404, 'not_found', `No route ${req.method} ${url.pathname}; see /api/v1/openapi.json.`);
    if ('allowed' in match) {
      res.setHeader('Allow', match.allowed.join(', '));
      return v1Error(res, 405, 'invalid_input', `${url.pathname} takes ${match.allowed.join(', ')}.`);
    }
    let input: unknown;
    if (match.route.method === 'GET' || match.route.method === 'DELETE') {
      input = { ...queryToInput(match.name, url.searchParams), ...match.params };
    } else {
      const value = await readJsonBody(req, { limit: REST_BODY_LIMIT, requireJsonType: 'when-present' });
      const hasParams = Object.keys(match.params).length > 0;
      if (hasParams && value !== undefined && (typeof value !== 'object' || value === null || Array.isArray(value)))
        throw new DoorError(400, 'invalid_input', 'The request body must be a JSON object.');
      input = hasParams ? { ...(value as object | undefined), ...match.params } : value;
    }
    const result = await deps.call(match.name, input, caller);
    if (result.ok) sendJson(res, 200, result.value ?? null);
    else
      v1Error(res, httpStatusFor[result.error.code], result.error.code, result.error.message, result.error.fieldErrors);
  }
}
