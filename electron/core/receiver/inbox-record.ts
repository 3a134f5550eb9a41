import { maskSecret } from '../mask-secret';
import type { InboxRecord } from '../store/settings/records';
import {
  DEFAULT_FORWARD_TIMEOUT_MS,
  DEFAULT_INBOX_BODY_CAP,
  defaultResponseRule,
  type Inbox,
  type InboxVerification,
} from '../../../shared/model/inbox';

/**
 * How an inbox sits in settings.json: secrets at the top level under `secrets`
 * (listed in secretFields, so the settings repo seals each entry), everything
 * else as the Inbox shape. Reading tolerates older/hand-edited records by
 * filling defaults instead of failing the whole receiver.
 */
export type { InboxRecord };

export function toRecord(inbox: Inbox): InboxRecord {
  const { verification, ...rest } = inbox;
  const secrets = verification?.secrets ?? [];
  const stored = verification ? { ...verification, secrets: undefined } : null;
  if (stored) delete stored.secrets;
  return { ...structuredClone(rest), verification: stored, secrets: [...secrets] };
}

export function fromRecord(record: Readonly<InboxRecord> | { id: string }): Inbox {
  const r = record as Partial<Inbox> & { secrets?: unknown; verification?: Omit<InboxVerification, 'secrets'> | null };
  const secrets = Array.isArray(r.secrets) ? r.secrets.filter((s): s is string => typeof s === 'string') : [];
  const verification: InboxVerification | null = r.verification
    ? {
        profile: r.verification.profile,
        keys: r.verification.keys ?? [],
        custom: r.verification.custom ?? null,
        toleranceSeconds: r.verification.toleranceSeconds ?? null,
        rejectInvalid: r.verification.rejectInvalid === true,
        secrets,
      }
    : null;
  const rule = { ...defaultResponseRule(), ...(r.responseRule ?? {}) };
  return {
    id: record.id,
    name: typeof r.name === 'string' ? r.name : record.id,
    slug: typeof r.slug === 'string' ? r.slug : record.id,
    port: typeof r.port === 'number' ? r.port : null,
    verification,
    responseRule: rule,
    forwarding: r.forwarding
      ? {
          url: r.forwarding.url,
          respondWith: r.forwarding.respondWith ?? 'target',
          timeoutMs: r.forwarding.timeoutMs ?? DEFAULT_FORWARD_TIMEOUT_MS,
          forwardCredentials: r.forwarding.forwardCredentials === true,
          allowBrowsers: r.forwarding.allowBrowsers === true,
          trustedHosts: Array.isArray(r.forwarding.trustedHosts)
            ? r.forwarding.trustedHosts.filter((h): h is string => typeof h === 'string')
            : [],
        }
      : null,
    bodyCapBytes: typeof r.bodyCapBytes === 'number' ? r.bodyCapBytes : DEFAULT_INBOX_BODY_CAP,
    createdAt: typeof r.createdAt === 'string' ? r.createdAt : new Date(0).toISOString(),
    updatedAt: typeof r.updatedAt === 'string' ? r.updatedAt : new Date(0).toISOString(),
  };
}

/**
 * Secrets sent back by a form that only ever saw masked values: a masked entry
 * matching a current secret keeps that secret, anything else is a new secret.
 */
export function mergeSecrets(given: string[], current: string[]): string[] {
  return given.map((s) => current.find((c) => maskSecret(c) === s) ?? s);
}

export function slugify(name: string): string {
  const s = name
    .normalize('NFKD')
    .replace(/[\u0300-\u036f]/g, '') // accents split off by NFKD: é → e, not e-
    .toLowerCase()
    .replace(/[^a-z0-9_-]+/g, '-')
    .replace(/^[-_]+|[-_]+$/g, '')
    .slice(0, 56);
  return s || 'inbox';
}
