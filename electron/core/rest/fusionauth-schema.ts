import { z } from 'zod';
import type { FaErrors, FaWebhook } from './fusionauth-mapping';

/** FusionAuth keeps `data` as a free-form object; bounded so one webhook cannot bloat every write of the file. */
const MAX_DATA_BYTES = 64 * 1024;

const text = (max: number) => z.string().max(max).nullish();
const ids = z.array(z.string().max(100)).max(100).nullish();
const millis = z.number().int('Use whole milliseconds').nullish();

/**
 * The types of FusionAuth's webhook fields, checked before anything is mapped:
 * a wrong type is the caller's mistake (400 naming `webhook.<field>`), never a
 * crash further in. Values (URL syntax, timeout bounds, header characters) are
 * then checked by the contract's own schema. Unknown fields are ignored.
 */
export const faWebhookSchema = z.looseObject({
  id: text(100),
  url: text(4096),
  connectTimeout: millis,
  readTimeout: millis,
  description: text(2000),
  eventsEnabled: z.record(z.string().max(200), z.boolean()).nullish(),
  global: z.boolean().nullish(),
  applicationIds: ids,
  tenantIds: ids,
  headers: z.record(z.string().max(256), z.string().max(8192)).nullish(),
  httpAuthenticationUsername: text(500),
  httpAuthenticationPassword: text(500),
  sslCertificate: text(64 * 1024),
  signatureConfiguration: z.looseObject({ enabled: z.boolean().nullish(), signingKeyId: text(100) }).nullish(),
  data: z
    .record(z.string(), z.unknown())
    .refine((d) => JSON.stringify(d).length <= MAX_DATA_BYTES, `At most ${MAX_DATA_BYTES / 1024} KiB of data`)
    .nullish(),
});

export const faSearchSchema = z.looseObject({
  description: text(500),
  url: text(4096),
  tenantId: text(100),
  numberOfResults: z.coerce.number().int().min(0).max(10_000).nullish(),
  startRow: z.coerce.number().int().min(0).nullish(),
});

export type FaSearch = z.output<typeof faSearchSchema>;

/** Nulls mean "not given", as FusionAuth's JSON binding reads them. */
function withoutNulls<T extends Record<string, unknown>>(value: T): T {
  return Object.fromEntries(Object.entries(value).filter(([, v]) => v !== null)) as T;
}

type Parsed<T> = { ok: true; value: T } | { ok: false; errors: FaErrors };

function toErrors(prefix: string, issues: z.core.$ZodIssue[]): FaErrors {
  const errors: FaErrors = { fieldErrors: {}, generalErrors: [] };
  for (const issue of issues) {
    const field = [prefix, ...issue.path.map(String)].join('.');
    const kind = issue.code === 'invalid_type' ? 'couldNotConvert' : 'invalid';
    (errors.fieldErrors[field] ??= []).push({ code: `[${kind}]${field}`, message: `[${field}]: ${issue.message}` });
  }
  return errors;
}

export function parseFaWebhook(value: unknown): Parsed<FaWebhook> {
  const r = faWebhookSchema.safeParse(value);
  return r.success
    ? { ok: true, value: withoutNulls(r.data) as FaWebhook }
    : { ok: false, errors: toErrors('webhook', r.error.issues) };
}

export function parseFaSearch(value: unknown): Parsed<FaSearch> {
  const r = faSearchSchema.safeParse(value ?? {});
  return r.success
    ? { ok: true, value: withoutNulls(r.data) }
    : { ok: false, errors: toErrors('search', r.error.issues) };
}
