import type { IncomingMessage, ServerResponse } from 'node:http';
import type { Result } from '../../../shared/api/result';
import type { Subscription, SubscriptionWithSecret } from '../../../shared/model/subscription';
import { sendJson } from '../http/http-util';
import { FaExtrasStore } from './fusionauth-extras';
import {
  extrasFrom,
  requiredFieldErrors,
  toFaErrors,
  toFaWebhook,
  toSubscriptionInput,
  toSubscriptionPatch,
  type FaWebhook,
} from './fusionauth-mapping';
import { presentedKey, readJsonBody, type RestDeps, type RestRoute } from './rest-route';

/** Empty-bodied answers, as FusionAuth gives for 401, 404 and a DELETE. */
function empty(res: ServerResponse, status: number): void {
  res.writeHead(status, { 'Content-Length': '0' });
  res.end();
}

type Call = <T>(name: string, input: unknown) => Promise<Result<T>>;

/**
 * The FusionAuth-compatible Webhook API (/api/webhook…), answering exactly as
 * FusionAuth documents: `{ webhook }` / `{ webhooks }`, 400 with fieldErrors,
 * 401 and 404 with empty bodies. Every call goes through the same contract
 * methods (and schemas) as the UI, so these are the same subscriptions.
 */
export function createFusionAuthRoute(deps: RestDeps & { dataDir: string }): RestRoute {
  const extras = FaExtrasStore.inDataDir(deps.dataDir);
  const call = deps.call as Call;

  async function answerFor(res: ServerResponse, sub: Subscription): Promise<void> {
    sendJson(res, 200, { webhook: toFaWebhook(sub, await extras.get(sub.id)) });
  }

  function failure(res: ServerResponse, r: Extract<Result<unknown>, { ok: false }>): void {
    if (r.error.code === 'not_found') return empty(res, 404);
    if (r.error.code === 'conflict') {
      return sendJson(res, 400, {
        fieldErrors: { 'webhook.id': [{ code: '[duplicate]webhook.id', message: r.error.message }] },
        generalErrors: [],
      });
    }
    if (r.error.code === 'internal' || r.error.code === 'unavailable')
      return sendJson(res, 500, { generalErrors: [{ code: '[internal]', message: r.error.message }] });
    sendJson(res, 400, toFaErrors(r.error.fieldErrors, r.error.message));
  }

  async function webhookBody(req: IncomingMessage, res: ServerResponse): Promise<FaWebhook | undefined> {
    const body = await readJsonBody(req, res, (status, message) =>
      sendJson(res, status, { generalErrors: [{ code: '[invalidJSON]', message }] }),
    );
    if (!body) return undefined;
    const w = (body.value as { webhook?: unknown } | undefined)?.webhook;
    if (typeof w !== 'object' || w === null || Array.isArray(w)) {
      sendJson(res, 400, {
        fieldErrors: { webhook: [{ code: '[missing]webhook', message: 'Send the webhook as { "webhook": { … } }.' }] },
        generalErrors: [],
      });
      return undefined;
    }
    return w as FaWebhook;
  }

  async function create(req: IncomingMessage, res: ServerResponse, id: string | undefined): Promise<void> {
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

  async function update(req: IncomingMessage, res: ServerResponse, id: string, mode: 'put' | 'patch'): Promise<void> {
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

  async function search(
    res: ServerResponse,
    criteria: { description?: string; url?: string; tenantId?: string; numberOfResults?: number; startRow?: number },
  ): Promise<void> {
    const all = await call<Subscription[]>('listSubscriptions', undefined);
    if (!all.ok) return failure(res, all);
    // FusionAuth matches description and url as case-insensitive substrings ('*' wildcards allowed).
    const like = (value: string, q?: string) => !q || value.toLowerCase().includes(q.replace(/\*/g, '').toLowerCase());
    const hits = all.value.filter(
      (s) =>
        like(s.description, criteria.description) &&
        like(s.url, criteria.url) &&
        (!criteria.tenantId || s.global || s.tenantIds.includes(criteria.tenantId)),
    );
    const start = Math.max(0, Number(criteria.startRow ?? 0) || 0);
    const count = Math.max(1, Number(criteria.numberOfResults ?? 25) || 25);
    const page = hits.slice(start, start + count);
    sendJson(res, 200, {
      total: hits.length,
      webhooks: await Promise.all(page.map(async (s) => toFaWebhook(s, await extras.get(s.id)))),
    });
  }

  return async (req, res, url) => {
    const m = /^\/api\/webhook(?:\/([^/]+))?\/?$/.exec(url.pathname);
    if (!m) return false;
    const keys = deps.apiKeys();
    if (!keys || !keys.find(presentedKey(req))) {
      empty(res, 401);
      return true;
    }
    const id = m[1] ? decodeURIComponent(m[1]) : undefined;
    const method = req.method ?? 'GET';
    if (id === 'search') {
      if (method === 'POST') {
        const body = await readJsonBody(req, res, (status, message) =>
          sendJson(res, status, { generalErrors: [{ code: '[invalidJSON]', message }] }),
        );
        if (body) await search(res, ((body.value as { search?: object } | undefined)?.search ?? {}) as never);
      } else if (method === 'GET') await search(res, Object.fromEntries(url.searchParams) as never);
      else empty(res, 405);
      return true;
    }
    if (method === 'POST') await create(req, res, id);
    else if (method === 'GET' && !id) {
      const all = await call<Subscription[]>('listSubscriptions', undefined);
      if (!all.ok) failure(res, all);
      else
        sendJson(res, 200, {
          webhooks: await Promise.all(all.value.map(async (s) => toFaWebhook(s, await extras.get(s.id)))),
        });
    } else if (method === 'GET' && id) {
      const r = await call<Subscription>('getSubscription', { id });
      if (!r.ok) failure(res, r);
      else await answerFor(res, r.value);
    } else if ((method === 'PUT' || method === 'PATCH') && id)
      await update(req, res, id, method === 'PUT' ? 'put' : 'patch');
    else if (method === 'DELETE' && id) {
      const r = await call<unknown>('deleteSubscription', { id });
      if (!r.ok) failure(res, r);
      else {
        await extras.remove(id);
        empty(res, 200);
      }
    } else empty(res, 405);
    return true;
  };
}
