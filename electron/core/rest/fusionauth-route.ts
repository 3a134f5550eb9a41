import type { IncomingMessage, ServerResponse } from 'node:http';
import type { MethodName } from '../../../shared/api/contract';
import { mayCall } from '../../../shared/api/method-access';
import type { Result } from '../../../shared/api/result';
import type { Subscription, SubscriptionWithSecret } from '../../../shared/model/subscription';
import { decodePathSegment } from '../http/door-error';
import { guarded, type ErrorAnswer } from '../http/guarded';
import { sendJson } from '../http/http-util';
import { readJsonBody } from '../http/json-body';
import { AppFailure } from '../../../shared/api/result';
import type { SettingsCollection } from '../store/port';
import type { FusionAuthExtrasRecord } from '../store/settings/records';
import {
  extrasFrom,
  requiredFieldErrors,
  toFaErrors,
  toFaWebhook,
  toSubscriptionInput,
  toSubscriptionPatch,
  type FaExtras,
  type FaWebhook,
} from './fusionauth-mapping';
import { parseFaSearch, parseFaWebhook, type FaSearch } from './fusionauth-schema';
import { presentedKey, REST_BODY_LIMIT, type RestDeps, type RestRoute } from './rest-route';

/** The contract method a state-changing FusionAuth request comes down to; null for reads and searches. */
function changeOf(method: string, rawId: string | undefined): MethodName | null {
  if (rawId === 'search') return null;
  if (method === 'POST') return 'createSubscription';
  if (method === 'PUT' || method === 'PATCH') return 'updateSubscription';
  if (method === 'DELETE') return 'deleteSubscription';
  return null;
}

/** Empty-bodied answers, as FusionAuth gives for 401, 404 and a DELETE. */
function empty(res: ServerResponse, status: number): void {
  res.writeHead(status, { 'Content-Length': '0' });
  res.end();
}

/** The contract, as the caller the request's API key stands for. */
type Call = <T>(name: string, input: unknown) => Promise<Result<T>>;

/** FusionAuth's Errors object for refusals made at the door (bad JSON, too large, a path that does not decode). */
const faErrorAnswer: ErrorAnswer = (res, err) => {
  const code = err.status >= 500 ? '[internal]' : err.status === 400 ? '[invalidJSON]' : `[${err.status}]`;
  const fieldErrors = Object.fromEntries(
    Object.entries(err.fieldErrors ?? {}).map(([field, messages]) => [
      field,
      messages.map((message) => ({ code: `[invalid]${field}`, message })),
    ]),
  );
  sendJson(res, err.status, { fieldErrors, generalErrors: [{ code, message: err.message }] });
};

/**
 * The FusionAuth-compatible Webhook API (/api/webhook…), answering exactly as
 * FusionAuth documents: `{ webhook }` / `{ webhooks }`, 400 with fieldErrors,
 * 401 and 404 with empty bodies. Every call goes through the same contract
 * methods (and schemas) as the UI, so these are the same subscriptions.
 */
/** Where the FusionAuth fields a subscription has no place for are kept: the settings store's collection. */
export interface FaExtrasDeps {
  fusionAuthExtras(): SettingsCollection<FusionAuthExtrasRecord> | null;
}

/** The collection as this route uses it, by subscription id. */
function extrasOf(deps: FaExtrasDeps) {
  const collection = () => {
    const c = deps.fusionAuthExtras();
    if (!c) throw new AppFailure('unavailable', 'The settings store is not open (the core is not started).');
    return c;
  };
  return {
    /** Reads the extras on first use of this API, so a damaged file is reported then. */
    ready: async () => void collection().peekAll(),
    get: async (id: string): Promise<FaExtras | undefined> => {
      const found = collection().get(id);
      if (!found) return undefined;
      const { id: _id, ...extras } = found;
      return extras;
    },
    set: async (id: string, extras: FaExtras) => void (await collection().upsert({ id, ...extras })),
    remove: async (id: string) => void (await collection().remove(id)),
  };
}

export function createFusionAuthRoute(deps: RestDeps & FaExtrasDeps): RestRoute {
  const extras = extrasOf(deps);

  async function answerFor(res: ServerResponse, sub: Subscription): Promise<void> {
    sendJson(res, 200, { webhook: toFaWebhook(sub, await extras.get(sub.id)) });
  }

  function failure(res: ServerResponse, r: Extract<Result<unknown>, { ok: false }>): void {
    if (r.error.code === 'not_found') return empty(res, 404);
    if (r.error.code === 'forbidden')
      return sendJson(res, 403, {
        fieldErrors: {},
        generalErrors: [{ code: '[forbidden]', message: r.error.message }],
      });
    if (r.error.code === 'conflict') {
      return sendJson(res, 400, {
        fieldErrors: { 'webhook.id': [{ code: '[duplicate]webhook.id', message: r.error.message }] },
        generalErrors: [],
      });
    }
    if (r.error.code === 'internal' || r.error.code === 'unavailable')
      return sendJson(res, r.error.code === 'internal' ? 500 : 503, {
        fieldErrors: {},
        generalErrors: [{ code: `[${r.error.code}]`, message: r.error.message }],
      });
    sendJson(res, 400, toFaErrors(r.error.fieldErrors, r.error.message));
  }

  async function jsonBody(req: IncomingMessage): Promise<unknown> {
    return readJsonBody(req, { limit: REST_BODY_LIMIT, requireJsonType: 'when-present' });
  }

  async function webhookBody(req: IncomingMessage, res: ServerResponse): Promise<FaWebhook | undefined> {
    const w = ((await jsonBody(req)) as { webhook?: unknown } | undefined)?.webhook;
    if (typeof w !== 'object' || w === null || Array.isArray(w)) {
      sendJson(res, 400, {
        fieldErrors: { webhook: [{ code: '[missing]webhook', message: 'Send the webhook as { "webhook": { … } }.' }] },
        generalErrors: [],
      });
      return undefined;
    }
    const parsed = parseFaWebhook(w);
    if (!parsed.ok) {
      sendJson(res, 400, parsed.errors);
      return undefined;
    }
    return parsed.value;
  }

  async function create(call: Call, req: IncomingMessage, res: ServerResponse, id: string | undefined): Promise<void> {
    const w = await webhookBody(req, res);
    if (!w) return;
    const missing = requiredFieldErrors(w);
    if (missing) return sendJson(res, 400, missing);
    const r = await call<SubscriptionWithSecret>('createSubscription', {
      ...toSubscriptionInput(w),
      profile: 'fusionauth',
      ...(id ? { id } : {}),
    });
    if (!r.ok) return failure(res, r);
    await extras.set(r.value.subscription.id, extrasFrom(w));
    await answerFor(res, r.value.subscription);
  }

  async function update(
    call: Call,
    req: IncomingMessage,
    res: ServerResponse,
    id: string,
    mode: 'put' | 'patch',
  ): Promise<void> {
    const w = await webhookBody(req, res);
    if (!w) return;
    const existing = await call<Subscription>('getSubscription', { id });
    if (!existing.ok) return failure(res, existing);
    if (mode === 'put') {
      const missing = requiredFieldErrors(w);
      if (missing) return sendJson(res, 400, missing);
    }
    const r = await call<Subscription>('updateSubscription', {
      id,
      ...(mode === 'put' ? toSubscriptionInput(w) : toSubscriptionPatch(w)),
    });
    if (!r.ok) return failure(res, r);
    await extras.set(id, extrasFrom(w, mode === 'patch' ? await extras.get(id) : undefined));
    await answerFor(res, r.value);
  }

  async function search(call: Call, res: ServerResponse, given: unknown): Promise<void> {
    const parsed = parseFaSearch(given);
    if (!parsed.ok) return sendJson(res, 400, parsed.errors);
    const criteria: FaSearch = parsed.value;
    const all = await call<Subscription[]>('listSubscriptions', undefined);
    if (!all.ok) return failure(res, all);
    // FusionAuth matches description and url as case-insensitive substrings ('*' wildcards allowed).
    const like = (value: string, q?: string | null) =>
      !q || value.toLowerCase().includes(q.replace(/\*/g, '').toLowerCase());
    const hits = all.value.filter(
      (s) =>
        like(s.description, criteria.description) &&
        like(s.url, criteria.url) &&
        (!criteria.tenantId || s.global || s.tenantIds.includes(criteria.tenantId)),
    );
    const start = criteria.startRow ?? 0;
    const count = criteria.numberOfResults || 25;
    const page = hits.slice(start, start + count);
    sendJson(res, 200, {
      total: hits.length,
      webhooks: await Promise.all(page.map(async (s) => toFaWebhook(s, await extras.get(s.id)))),
    });
  }

  return async (req, res, url, ctx) => {
    const m = /^\/api\/webhook(?:\/([^/]+))?\/?$/.exec(url.pathname);
    if (!m) return false;
    await guarded(res, deps.log, faErrorAnswer, () => answer(req, res, url, m[1], ctx?.address));
    return true;
  };

  async function answer(
    req: IncomingMessage,
    res: ServerResponse,
    url: URL,
    rawId: string | undefined,
    address: string | undefined,
  ): Promise<void> {
    const caller = deps.ready() ? await deps.authenticate(presentedKey(req), 'fusionauth', address) : null;
    if (!caller) return empty(res, 401);
    const call: Call = (name, input) => deps.call(name, input, caller) as never;
    // A caller whose role may not make this change is refused before the body is read (the dispatcher audits it).
    const change = changeOf(req.method ?? 'GET', rawId);
    if (change && !mayCall(caller.role, change).ok) return failure(res, (await call(change, undefined)) as never);
    await extras.ready();
    const id = rawId ? decodePathSegment(rawId, 'webhook.id') : undefined;
    const method = req.method ?? 'GET';
    if (id === 'search') {
      if (method === 'POST') {
        const body = (await jsonBody(req)) as { search?: unknown } | undefined;
        if (body !== undefined && (typeof body !== 'object' || body === null || Array.isArray(body)))
          return sendJson(res, 400, {
            fieldErrors: {
              search: [{ code: '[invalid]search', message: 'Send the criteria as { "search": { … } }.' }],
            },
            generalErrors: [],
          });
        return search(call, res, body?.search);
      }
      if (method === 'GET') return search(call, res, Object.fromEntries(url.searchParams));
      return empty(res, 405);
    }
    if (method === 'POST') return create(call, req, res, id);
    if (method === 'GET' && !id) {
      const all = await call<Subscription[]>('listSubscriptions', undefined);
      if (!all.ok) return failure(res, all);
      return sendJson(res, 200, {
        webhooks: await Promise.all(all.value.map(async (s) => toFaWebhook(s, await extras.get(s.id)))),
      });
    }
    if (method === 'GET' && id) {
      const r = await call<Subscription>('getSubscription', { id });
      return r.ok ? answerFor(res, r.value) : failure(res, r);
    }
    if ((method === 'PUT' || method === 'PATCH') && id)
      return update(call, req, res, id, method === 'PUT' ? 'put' : 'patch');
    if (method === 'DELETE' && id) {
      const r = await call<unknown>('deleteSubscription', { id });
      if (!r.ok) return failure(res, r);
      await extras.remove(id);
      return empty(res, 200);
    }
    empty(res, 405);
  }
}
