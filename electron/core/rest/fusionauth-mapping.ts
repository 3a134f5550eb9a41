import type { Subscription } from '../../../shared/model/subscription';

/** A webhook as FusionAuth's Webhook API reads and writes it (the seed "Webhook APIs" document). */
export interface FaWebhook {
  id?: string;
  url?: string;
  connectTimeout?: number;
  readTimeout?: number;
  description?: string;
  eventsEnabled?: Record<string, boolean>;
  global?: boolean;
  applicationIds?: string[];
  tenantIds?: string[];
  headers?: Record<string, string>;
  httpAuthenticationUsername?: string;
  httpAuthenticationPassword?: string;
  sslCertificate?: string;
  signatureConfiguration?: { enabled?: boolean; signingKeyId?: string };
  data?: Record<string, unknown>;
  insertInstant?: number;
  lastUpdateInstant?: number;
}

/** What FusionAuth keeps that a subscription has no field for; stored beside it so reads return what was written. */
export interface FaExtras {
  eventsEnabled: Record<string, boolean>;
  data: Record<string, unknown>;
  signatureConfiguration: { enabled: boolean; signingKeyId?: string };
}

export interface FaFieldError {
  code: string;
  message: string;
}
export type FaErrors = { fieldErrors: Record<string, FaFieldError[]>; generalErrors: FaFieldError[] };

/** FusionAuth's own "test" event: a webhook with nothing enabled still needs one event, and this one is only sent on request. */
const NOTHING_ENABLED = ['test'];

export function enabledEvents(map: Record<string, boolean> | undefined): string[] {
  const on = Object.entries(map ?? {})
    .filter(([, v]) => v === true)
    .map(([k]) => k);
  return on.length ? on : NOTHING_ENABLED;
}

/** The contract's subscription input for a FusionAuth webhook body (full replace: PUT/POST). */
export function toSubscriptionInput(w: FaWebhook): Record<string, unknown> {
  return {
    name: w.description?.trim() || w.url || 'FusionAuth webhook',
    description: w.description ?? '',
    url: w.url,
    connectTimeoutMs: w.connectTimeout,
    readTimeoutMs: w.readTimeout,
    events: enabledEvents(w.eventsEnabled),
    global: w.global ?? false,
    applicationIds: w.applicationIds ?? [],
    tenantIds: w.tenantIds ?? [],
    headers: w.headers ?? {},
    basicAuth: w.httpAuthenticationUsername
      ? { username: w.httpAuthenticationUsername, password: w.httpAuthenticationPassword ?? '' }
      : null,
    caCertificatePem: w.sslCertificate?.trim() ? w.sslCertificate : null,
  };
}

/** Only the fields present in a PATCH body. */
export function toSubscriptionPatch(w: FaWebhook): Record<string, unknown> {
  const full = toSubscriptionInput(w);
  const patch: Record<string, unknown> = {};
  const map: [keyof FaWebhook, string[]][] = [
    ['description', ['description']],
    ['url', ['url']],
    ['connectTimeout', ['connectTimeoutMs']],
    ['readTimeout', ['readTimeoutMs']],
    ['eventsEnabled', ['events']],
    ['global', ['global']],
    ['applicationIds', ['applicationIds']],
    ['tenantIds', ['tenantIds']],
    ['headers', ['headers']],
    ['httpAuthenticationUsername', ['basicAuth']],
    ['sslCertificate', ['caCertificatePem']],
  ];
  for (const [fa, ours] of map) if (w[fa] !== undefined) for (const k of ours) patch[k] = full[k];
  return patch;
}

export function extrasFrom(w: FaWebhook, previous?: FaExtras): FaExtras {
  return {
    eventsEnabled: w.eventsEnabled ?? previous?.eventsEnabled ?? {},
    data: w.data ?? previous?.data ?? {},
    signatureConfiguration: {
      enabled: w.signatureConfiguration?.enabled ?? previous?.signatureConfiguration.enabled ?? false,
      ...((w.signatureConfiguration?.signingKeyId ?? previous?.signatureConfiguration.signingKeyId)
        ? { signingKeyId: w.signatureConfiguration?.signingKeyId ?? previous?.signatureConfiguration.signingKeyId }
        : {}),
    },
  };
}

export function toFaWebhook(s: Subscription, extras: FaExtras | undefined): FaWebhook {
  const eventsEnabled =
    extras?.eventsEnabled ??
    (s.events === 'all' ? {} : Object.fromEntries(s.events.filter((e) => e !== 'test').map((e) => [e, true])));
  return {
    id: s.id,
    url: s.url,
    connectTimeout: s.connectTimeoutMs,
    readTimeout: s.readTimeoutMs,
    description: s.description,
    eventsEnabled,
    global: s.global,
    applicationIds: s.applicationIds,
    tenantIds: s.tenantIds,
    headers: s.headers,
    ...(s.basicAuth ? { httpAuthenticationUsername: s.basicAuth.username } : {}),
    ...(s.caCertificatePem ? { sslCertificate: s.caCertificatePem } : {}),
    signatureConfiguration: extras?.signatureConfiguration ?? { enabled: false },
    data: extras?.data ?? {},
    insertInstant: Date.parse(s.createdAt),
    lastUpdateInstant: Date.parse(s.updatedAt),
  };
}

const FIELD: Record<string, string> = {
  url: 'webhook.url',
  connectTimeoutMs: 'webhook.connectTimeout',
  readTimeoutMs: 'webhook.readTimeout',
  events: 'webhook.eventsEnabled',
  headers: 'webhook.headers',
  basicAuth: 'webhook.httpAuthenticationUsername',
  caCertificatePem: 'webhook.sslCertificate',
  tenantIds: 'webhook.tenantIds',
  applicationIds: 'webhook.applicationIds',
  description: 'webhook.description',
  name: 'webhook.description',
  id: 'webhook.id',
};

/** The contract's field errors in FusionAuth's Errors shape: `webhook.url: [{ code: "[invalid]webhook.url", message }]`. */
export function toFaErrors(fieldErrors: Record<string, string[]> | undefined, message: string): FaErrors {
  const out: FaErrors = { fieldErrors: {}, generalErrors: [] };
  for (const [path, messages] of Object.entries(fieldErrors ?? {})) {
    const field = FIELD[path.split('.')[0]!];
    if (!field) {
      out.generalErrors.push(...messages.map((m) => ({ code: '[invalid]', message: `${path}: ${m}` })));
      continue;
    }
    for (const m of messages) {
      const kind = /required|expected .*received undefined|blank/i.test(m) ? 'blank' : 'invalid';
      (out.fieldErrors[field] ??= []).push({ code: `[${kind}]${field}`, message: m });
    }
  }
  if (!Object.keys(out.fieldErrors).length && !out.generalErrors.length)
    out.generalErrors.push({ code: '[invalid]', message });
  return out;
}

/** FusionAuth requires these; our own API has defaults for them, so the check is made here. */
export function requiredFieldErrors(w: FaWebhook): FaErrors | null {
  const errors: FaErrors = { fieldErrors: {}, generalErrors: [] };
  const blank = (field: string, message: string) =>
    (errors.fieldErrors[`webhook.${field}`] = [{ code: `[blank]webhook.${field}`, message }]);
  if (!w.url?.trim()) blank('url', 'You must specify the [webhook.url] property.');
  if (w.connectTimeout === undefined || w.connectTimeout === null)
    blank('connectTimeout', 'You must specify the [webhook.connectTimeout] property.');
  if (w.readTimeout === undefined || w.readTimeout === null)
    blank('readTimeout', 'You must specify the [webhook.readTimeout] property.');
  return Object.keys(errors.fieldErrors).length ? errors : null;
}
