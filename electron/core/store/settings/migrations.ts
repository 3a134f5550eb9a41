import { z } from 'zod';
import { DEFAULT_AUDIT_RETENTION, SETTINGS_SCHEMA_VERSION, type SettingsDoc } from '../../../../shared/model/settings';
import { DEFAULT_RETENTION } from '../exchange/retention';
import { DEFAULT_BODY_CAP } from '../exchange/body-codec';

type RawDoc = Record<string, unknown>;

/**
 * One step per schema version: migrations[n] turns a version-n document into
 * version n+1. They run on plain JSON before validation, so each only needs to
 * know its own two shapes.
 */
export const migrations: Record<number, (doc: RawDoc) => RawDoc> = {
  // v0 (before versioning): signing keys lived under `keys`, the theme at the top level, no API keys.
  0: ({ keys, theme, ...rest }) => ({
    ...rest,
    version: 1,
    signingKeys: keys ?? [],
    apiKeys: rest.apiKeys ?? [],
    preferences: { ...(typeof rest.preferences === 'object' ? rest.preferences : {}), ...(theme ? { theme } : {}) },
  }),
  // v1: the exchange store's durability was `trafficDurability`.
  1: ({ preferences, ...rest }) => {
    const { trafficDurability, ...prefs } = (
      preferences && typeof preferences === 'object' ? preferences : {}
    ) as RawDoc;
    return {
      ...rest,
      version: 2,
      preferences: trafficDurability ? { ...prefs, durability: trafficDurability } : prefs,
    };
  },
  // v2: subscriptions' custom headers were a plain object; they become JSON text, which the settings file then
  // seals like every secret field (header values are often API tokens).
  2: ({ subscriptions, ...rest }) => ({
    ...rest,
    version: 3,
    subscriptions: Array.isArray(subscriptions)
      ? subscriptions.map((s: unknown) => {
          const record = s as Record<string, unknown>;
          return record && typeof record === 'object' && record.headers && typeof record.headers === 'object'
            ? { ...record, headers: JSON.stringify(record.headers) }
            : record;
        })
      : subscriptions,
  }),
};

export class SettingsFormatError extends Error {}

export function migrate(doc: RawDoc): { doc: RawDoc; from: number } {
  const from = doc.version === undefined ? 0 : doc.version;
  if (typeof from !== 'number' || !Number.isInteger(from) || from < 0)
    throw new SettingsFormatError('version: not a schema version number');
  if (from > SETTINGS_SCHEMA_VERSION) {
    throw new SettingsFormatError(
      `version: written by a newer Hookbench (schema ${from}, this build reads up to ${SETTINGS_SCHEMA_VERSION})`,
    );
  }
  let current = doc;
  for (let v = from; v < SETTINGS_SCHEMA_VERSION; v++) current = migrations[v]!(current);
  return { doc: current, from };
}

const record = z.looseObject({ id: z.string().min(1) });
const defaultPreferences = {
  theme: 'system' as const,
  retention: { ...DEFAULT_RETENTION },
  auditRetention: { ...DEFAULT_AUDIT_RETENTION },
  bodyCapBytes: DEFAULT_BODY_CAP,
  durability: 'normal' as const,
};

export const settingsSchema = z.looseObject({
  version: z.literal(SETTINGS_SCHEMA_VERSION),
  subscriptions: z.array(record).default([]),
  inboxes: z.array(record).default([]),
  signingKeys: z.array(record).default([]),
  apiKeys: z.array(record).default([]),
  preferences: z
    .looseObject({
      theme: z.enum(['system', 'light', 'dark']).default('system'),
      retention: z
        .object({ maxAgeDays: z.number().int().positive(), maxRows: z.number().int().positive() })
        .default({ ...DEFAULT_RETENTION }),
      auditRetention: z.object({ maxAgeDays: z.number().int().min(0) }).default({ ...DEFAULT_AUDIT_RETENTION }),
      bodyCapBytes: z.number().int().positive().default(DEFAULT_BODY_CAP),
      durability: z.enum(['normal', 'full']).default('normal'),
    })
    .default(defaultPreferences),
});

export function defaultSettings(): SettingsDoc {
  return {
    version: SETTINGS_SCHEMA_VERSION,
    subscriptions: [],
    inboxes: [],
    signingKeys: [],
    apiKeys: [],
    preferences: structuredClone(defaultPreferences),
  };
}
