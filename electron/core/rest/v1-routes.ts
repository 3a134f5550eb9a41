import type { MethodName } from '../../../shared/api/contract';
import { decodePathSegment } from '../http/door-error';

export type HttpMethod = 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';

export interface V1Route {
  method: HttpMethod;
  /** OpenAPI-style path; `{name}` segments become input fields of the same name. */
  path: string;
  tag: string;
  /** The method can answer 409 (e.g. one job at a time); documented in the OpenAPI responses. */
  conflict?: true;
  /** When the method answers 422 (`failed`), documented in the OpenAPI responses. */
  failed?: string;
}

/**
 * Where each contract method lives on the native REST API. A Record over every
 * method name, so adding a method to the contract fails the build until it is
 * given a route here (or explicitly kept off REST with null and a reason).
 */
export const v1Routes: Record<MethodName, V1Route | null> = {
  getStatus: { method: 'GET', path: '/api/v1/status', tag: 'app' },
  listProfiles: { method: 'GET', path: '/api/v1/profiles', tag: 'signing' },
  listEvents: { method: 'GET', path: '/api/v1/events', tag: 'signing' },
  samplePayload: { method: 'POST', path: '/api/v1/payloads', tag: 'signing' },
  sign: { method: 'POST', path: '/api/v1/sign', tag: 'signing' },
  verify: { method: 'POST', path: '/api/v1/verify', tag: 'signing' },
  generateSecret: { method: 'POST', path: '/api/v1/secrets', tag: 'signing' },
  queryExchanges: { method: 'GET', path: '/api/v1/exchanges', tag: 'exchanges' },
  exchangeFacets: { method: 'GET', path: '/api/v1/exchanges/facets', tag: 'exchanges' },
  getRetention: { method: 'GET', path: '/api/v1/exchanges/retention', tag: 'exchanges' },
  setRetention: { method: 'PUT', path: '/api/v1/exchanges/retention', tag: 'exchanges' },
  getExchange: { method: 'GET', path: '/api/v1/exchanges/{id}', tag: 'exchanges' },
  revealCredentials: { method: 'GET', path: '/api/v1/exchanges/{id}/credentials', tag: 'exchanges' },
  purgeExchanges: { method: 'POST', path: '/api/v1/exchanges/purge', tag: 'exchanges' },
  getStorageInfo: { method: 'GET', path: '/api/v1/storage', tag: 'exchanges' },
  createApiKey: { method: 'POST', path: '/api/v1/keys', tag: 'keys' },
  listApiKeys: { method: 'GET', path: '/api/v1/keys', tag: 'keys' },
  revokeApiKey: { method: 'DELETE', path: '/api/v1/keys/{id}', tag: 'keys' },
  exportExchanges: { method: 'GET', path: '/api/v1/export', tag: 'exchanges' },
  importExchanges: { method: 'POST', path: '/api/v1/import', tag: 'exchanges' },
  listInboxes: { method: 'GET', path: '/api/v1/inboxes', tag: 'inboxes' },
  createInbox: { method: 'POST', path: '/api/v1/inboxes', tag: 'inboxes' },
  getInbox: { method: 'GET', path: '/api/v1/inboxes/{id}', tag: 'inboxes' },
  updateInbox: { method: 'PATCH', path: '/api/v1/inboxes/{id}', tag: 'inboxes' },
  deleteInbox: { method: 'DELETE', path: '/api/v1/inboxes/{id}', tag: 'inboxes' },
  setResponseRule: { method: 'PUT', path: '/api/v1/inboxes/{id}/response-rule', tag: 'inboxes' },
  setForwarding: { method: 'PUT', path: '/api/v1/inboxes/{id}/forwarding', tag: 'inboxes' },
  listSubscriptions: { method: 'GET', path: '/api/v1/subscriptions', tag: 'subscriptions' },
  createSubscription: { method: 'POST', path: '/api/v1/subscriptions', tag: 'subscriptions' },
  getSubscription: { method: 'GET', path: '/api/v1/subscriptions/{id}', tag: 'subscriptions' },
  updateSubscription: { method: 'PATCH', path: '/api/v1/subscriptions/{id}', tag: 'subscriptions' },
  deleteSubscription: { method: 'DELETE', path: '/api/v1/subscriptions/{id}', tag: 'subscriptions' },
  setSubscriptionEnabled: { method: 'PUT', path: '/api/v1/subscriptions/{id}/enabled', tag: 'subscriptions' },
  regenerateSecret: { method: 'POST', path: '/api/v1/subscriptions/{id}/secret', tag: 'subscriptions' },
  subscriptionHealth: { method: 'GET', path: '/api/v1/subscriptions/{id}/health', tag: 'subscriptions' },
  testSend: { method: 'POST', path: '/api/v1/subscriptions/{id}/test', tag: 'subscriptions' },
  checkEndpoint: { method: 'POST', path: '/api/v1/checks', tag: 'deliveries' },
  emit: {
    method: 'POST',
    path: '/api/v1/emit',
    tag: 'deliveries',
    failed:
      'Nothing could be sent: every matching subscription was refused (e.g. its secret does not fit its profile). The message and `fieldErrors` (`subscriptions.<id>.<field>`) name each one. When anything was sent the answer is 200, with the refused ones listed in `refused`.',
  },
  replay: {
    method: 'POST',
    path: '/api/v1/exchanges/{id}/replay',
    tag: 'deliveries',
    failed:
      'The target subscription cannot sign (its secret does not fit, or cannot be unsealed); or the stored body was truncated.',
  },
  cancelDelivery: { method: 'POST', path: '/api/v1/deliveries/{id}/cancel', tag: 'deliveries' },
  bulkReplay: { method: 'POST', path: '/api/v1/replays', tag: 'deliveries', conflict: true },
  getBulkReplay: { method: 'GET', path: '/api/v1/replays/current', tag: 'deliveries' },
  cancelBulkReplay: { method: 'DELETE', path: '/api/v1/replays/current', tag: 'deliveries' },
  currentUser: { method: 'GET', path: '/api/v1/me', tag: 'accounts' },
  // A person's own password and sessions belong to their sign-in in the UI; an API key has neither.
  changePassword: null,
  signOutEverywhere: null,
  listUsers: { method: 'GET', path: '/api/v1/users', tag: 'accounts' },
  createUser: { method: 'POST', path: '/api/v1/users', tag: 'accounts', conflict: true },
  updateUser: { method: 'PATCH', path: '/api/v1/users/{id}', tag: 'accounts', conflict: true },
  resetPassword: { method: 'POST', path: '/api/v1/users/{id}/password', tag: 'accounts' },
  endUserSessions: { method: 'DELETE', path: '/api/v1/users/{id}/sessions', tag: 'accounts' },
  listAuditLog: { method: 'GET', path: '/api/v1/audit', tag: 'accounts' },
  getAuditRetention: { method: 'GET', path: '/api/v1/audit/retention', tag: 'accounts' },
  setAuditRetention: { method: 'PUT', path: '/api/v1/audit/retention', tag: 'accounts' },
};

export interface MatchedRoute {
  name: MethodName;
  route: V1Route;
  params: Record<string, string>;
}

const compiled = Object.entries(v1Routes)
  .filter((e): e is [MethodName, V1Route] => e[1] !== null)
  .map(([name, route]) => {
    const keys: string[] = [];
    const source = route.path.replace(/\{(\w+)\}/g, (_m, key: string) => (keys.push(key), '([^/]+)'));
    return { name, route, keys, re: new RegExp(`^${source}$`) };
  });
type Compiled = (typeof compiled)[number];

/**
 * Literal paths are looked up by the path itself (every request would otherwise
 * run the regexes of all the routes listed before its own); they are tried
 * before the routes with parameters, so /exchanges/facets is not taken for
 * /exchanges/{id}.
 */
const literal = new Map<string, Compiled[]>();
for (const c of compiled) if (c.keys.length === 0) literal.set(c.route.path, [...(literal.get(c.route.path) ?? []), c]);
const withParams = compiled.filter((c) => c.keys.length > 0);

/**
 * Finds the route for a request; `allowed` lists the methods the path does take
 * (for 405). A path parameter that does not percent-decode throws a DoorError (400).
 */
export function matchV1(method: string, pathname: string): MatchedRoute | { allowed: HttpMethod[] } | null {
  const allowed: HttpMethod[] = [];
  for (const c of literal.get(pathname) ?? []) {
    if (c.route.method === method) return { name: c.name, route: c.route, params: {} };
    allowed.push(c.route.method);
  }
  for (const c of withParams) {
    const m = c.re.exec(pathname);
    if (!m) continue;
    if (c.route.method !== method) {
      allowed.push(c.route.method);
      continue;
    }
    const params = Object.fromEntries(c.keys.map((k, i) => [k, decodePathSegment(m[i + 1]!, k)]));
    return { name: c.name, route: c.route, params };
  }
  return allowed.length ? { allowed } : null;
}
