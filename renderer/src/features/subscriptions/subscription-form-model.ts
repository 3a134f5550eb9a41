import type { z } from 'zod';
import { createSubscriptionInput, updateSubscriptionInput } from '../../../../shared/api/methods/subscriptions';
import type {
  FusionAuthAlgorithm,
  HmacAlgorithm,
  ProfileId,
  SignatureEncoding,
} from '../../../../shared/model/signing';
import type { Subscription, TransactionPolicy } from '../../../../shared/model/subscription';
import { secretProblem } from '../../../../shared/validate/secret-format';
import { friendlyIssue } from '../../components/friendly-issue';

/**
 * The subscription form as the user types it (text everywhere), and its
 * conversion into the create/update inputs. Parsing here only turns text into
 * values; the rules themselves come from the shared schemas, run before
 * anything is sent so invalid input never leaves the form.
 */
export interface SubscriptionForm {
  name: string;
  description: string;
  url: string;
  profile: ProfileId;
  allEvents: boolean;
  events: string[];
  tenantIds: string;
  global: boolean;
  applicationIds: string;
  headers: string;
  basicAuth: boolean;
  username: string;
  /** Empty on edit keeps the stored password (it is never sent to the UI). */
  password: string;
  connectTimeoutMs: string;
  readTimeoutMs: string;
  caCertificatePem: string;
  retryMode: 'profile' | 'custom';
  retryDelaysSeconds: string;
  retryMaxAttempts: string;
  retryJitter: string;
  transactionPolicy: TransactionPolicy;
  customHeader: string;
  customPrefix: string;
  customAlgorithm: HmacAlgorithm;
  customEncoding: SignatureEncoding;
  customTemplate: string;
  customIdHeader: string;
  customTimestampHeader: string;
  customTolerance: string;
  /** Create only: the user's own secret; empty = generated. */
  secret: string;
  fusionAuthAlg: FusionAuthAlgorithm;
}

/** Field key (as the form names it) → one message. */
export type FormErrors = Record<string, string>;

export function emptyForm(): SubscriptionForm {
  return {
    name: '',
    description: '',
    url: '',
    profile: 'standard-webhooks',
    allEvents: true,
    events: [],
    tenantIds: '',
    global: false,
    applicationIds: '',
    headers: '',
    basicAuth: false,
    username: '',
    password: '',
    connectTimeoutMs: '',
    readTimeoutMs: '',
    caCertificatePem: '',
    retryMode: 'profile',
    retryDelaysSeconds: '',
    retryMaxAttempts: '',
    retryJitter: '0',
    transactionPolicy: 'None',
    customHeader: 'X-Signature',
    customPrefix: 'sha256=',
    customAlgorithm: 'sha256',
    customEncoding: 'hex',
    customTemplate: '{body}',
    customIdHeader: '',
    customTimestampHeader: '',
    customTolerance: '',
    secret: '',
    fusionAuthAlg: 'HS256',
  };
}

export function formFromSubscription(s: Subscription): SubscriptionForm {
  const c = s.custom;
  return {
    ...emptyForm(),
    name: s.name,
    description: s.description,
    url: s.url,
    profile: s.profile,
    allEvents: s.events === 'all',
    events: s.events === 'all' ? [] : [...s.events],
    tenantIds: s.tenantIds.join(', '),
    global: s.global,
    applicationIds: s.applicationIds.join(', '),
    headers: Object.entries(s.headers)
      .map(([k, v]) => `${k}: ${v}`)
      .join('\n'),
    basicAuth: s.basicAuth !== null,
    username: s.basicAuth?.username ?? '',
    connectTimeoutMs: String(s.connectTimeoutMs),
    readTimeoutMs: String(s.readTimeoutMs),
    caCertificatePem: s.caCertificatePem ?? '',
    retryMode: s.retry.mode,
    retryDelaysSeconds: s.retry.mode === 'custom' ? s.retry.delaysMs.map((d) => d / 1000).join(', ') : '',
    retryMaxAttempts: s.retry.mode === 'custom' ? String(s.retry.maxAttempts) : '',
    retryJitter: s.retry.mode === 'custom' ? String(s.retry.jitter) : '0',
    transactionPolicy: s.transactionPolicy,
    ...(c
      ? {
          customHeader: c.header,
          customPrefix: c.prefix,
          customAlgorithm: c.algorithm,
          customEncoding: c.encoding,
          customTemplate: c.template,
          customIdHeader: c.idHeader ?? '',
          customTimestampHeader: c.timestampHeader ?? '',
          customTolerance: c.toleranceSeconds?.toString() ?? '',
        }
      : {}),
    fusionAuthAlg: s.fusionAuthKey?.alg ?? 'HS256',
  };
}

const list = (text: string) => text.split(/[\s,]+/).filter(Boolean);

/** A number from text; NaN is kept so the schema reports it at the right field. */
function num(text: string): number {
  return text.trim() === '' ? Number.NaN : Number(text.trim());
}

export function parseHeaderLines(text: string): { headers: Record<string, string>; error: string | null } {
  const headers: Record<string, string> = {};
  const lines = text.split(/\r?\n/);
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i]!.trim();
    if (!line) continue;
    const colon = line.indexOf(':');
    if (colon <= 0) return { headers, error: `Line ${i + 1}: write "Name: value"` };
    headers[line.slice(0, colon).trim()] = line.slice(colon + 1).trim();
  }
  return { headers, error: null };
}

/** Which form field shows an error reported at a schema/core path such as `custom.header` or `events.2`. */
export function fieldKeyOf(path: string): string {
  const [head, second] = path.split('.');
  if (head === 'custom' && second) return `custom${second[0]!.toUpperCase()}${second.slice(1)}`;
  if (head === 'custom') return 'customHeader';
  if (head === 'retry')
    return second === 'maxAttempts' ? 'retryMaxAttempts' : second === 'jitter' ? 'retryJitter' : 'retryDelaysSeconds';
  if (head === 'basicAuth') return second === 'password' ? 'password' : 'username';
  if (head === 'caCertificatePem') return 'caCertificatePem';
  if (head === 'secret' || head === 'fusionAuthAlg') return 'secret';
  return head ?? '';
}

export function mapFieldErrors(fieldErrors: Record<string, string[]> | undefined): FormErrors {
  const out: FormErrors = {};
  for (const [path, messages] of Object.entries(fieldErrors ?? {})) {
    const key = fieldKeyOf(path);
    if (!out[key]) out[key] = messages.join('; ');
  }
  return out;
}

function issuesToErrors(issues: z.core.$ZodIssue[]): FormErrors {
  const grouped: Record<string, string[]> = {};
  for (const issue of issues) (grouped[issue.path.join('.')] ??= []).push(issue.message);
  return mapFieldErrors(grouped);
}

const NUMERIC: [keyof SubscriptionForm, string][] = [
  ['connectTimeoutMs', 'Milliseconds, e.g. 5000'],
  ['readTimeoutMs', 'Milliseconds, e.g. 10000'],
  ['customTolerance', 'Seconds, e.g. 300'],
  ['retryMaxAttempts', 'A whole number, e.g. 5'],
  ['retryJitter', 'Between 0 and 1, e.g. 0.2'],
];

/** Text that is not a number at all gets a plain message; ranges are left to the schema. */
function checkNumbers(f: SubscriptionForm, errors: FormErrors): void {
  for (const [key, message] of NUMERIC) {
    const text = String(f[key]).trim();
    if (text && !Number.isFinite(Number(text))) errors[key] = message;
  }
  if (f.retryMode === 'custom' && !f.retryMaxAttempts.trim())
    errors.retryMaxAttempts = 'How many attempts in all, e.g. 5';
  if (f.retryMode === 'custom' && list(f.retryDelaysSeconds).some((d) => !Number.isFinite(Number(d))))
    errors.retryDelaysSeconds = 'Seconds separated by commas, e.g. 10, 60, 300';
}

/** The fields create and update share, from text. */
function commonFields(f: SubscriptionForm, errors: FormErrors) {
  checkNumbers(f, errors);
  const headers = parseHeaderLines(f.headers);
  if (headers.error) errors.headers = headers.error;
  const custom =
    f.profile !== 'custom-hmac'
      ? null
      : {
          header: f.customHeader,
          prefix: f.customPrefix,
          algorithm: f.customAlgorithm,
          encoding: f.customEncoding,
          template: f.customTemplate,
          ...(f.customIdHeader.trim() ? { idHeader: f.customIdHeader } : {}),
          ...(f.customTimestampHeader.trim() ? { timestampHeader: f.customTimestampHeader } : {}),
          ...(f.customTolerance.trim() ? { toleranceSeconds: num(f.customTolerance) } : {}),
        };
  const delays = list(f.retryDelaysSeconds).map((d) => Math.round(num(d) * 1000));
  const retry =
    f.retryMode === 'profile'
      ? { mode: 'profile' as const }
      : {
          mode: 'custom' as const,
          delaysMs: delays,
          maxAttempts: num(f.retryMaxAttempts),
          jitter: num(f.retryJitter || '0'),
        };
  return {
    name: f.name,
    description: f.description,
    url: f.url.trim(),
    profile: f.profile,
    events: f.allEvents ? ('all' as const) : f.events,
    tenantIds: list(f.tenantIds),
    global: f.global,
    applicationIds: list(f.applicationIds),
    headers: headers.headers,
    caCertificatePem: f.caCertificatePem.trim() ? f.caCertificatePem : null,
    custom,
    retry,
    transactionPolicy: f.transactionPolicy,
  };
}

const timeouts = (f: SubscriptionForm) => ({
  ...(f.connectTimeoutMs.trim() ? { connectTimeoutMs: num(f.connectTimeoutMs) } : {}),
  ...(f.readTimeoutMs.trim() ? { readTimeoutMs: num(f.readTimeoutMs) } : {}),
});

/** Why the typed secret cannot work for the chosen profile (the core's own rule and words), or null; empty = generated. */
export function secretFieldError(f: SubscriptionForm): string | null {
  const secret = f.secret.trim();
  return secret ? secretProblem(f.profile, secret) : null;
}

export type CreateInput = z.input<typeof createSubscriptionInput>;
export type UpdateInput = z.input<typeof updateSubscriptionInput>;

/** Either a valid input ready to send, or the errors to show (and nothing to send). */
export type Built<K extends string, T> =
  { kind: K; input: T; errors: FormErrors } | { kind: K; input: null; errors: FormErrors };

export function toCreateInput(f: SubscriptionForm): Built<'create', CreateInput> {
  const errors: FormErrors = {};
  // said here too: the schema skips its own check while a field cannot even be typed (a NaN timeout)
  const secretError = secretFieldError(f);
  if (secretError) errors.secret = secretError;
  const input: CreateInput = {
    ...commonFields(f, errors),
    ...timeouts(f),
    basicAuth: f.basicAuth ? { username: f.username, password: f.password } : null,
    ...(f.secret.trim() ? { secret: f.secret.trim() } : {}),
    ...(f.profile === 'fusionauth' && !f.secret.trim() ? { fusionAuthAlg: f.fusionAuthAlg } : {}),
  };
  const parsed = createSubscriptionInput.safeParse(input, { error: friendlyIssue });
  const all = { ...(parsed.success ? {} : issuesToErrors(parsed.error.issues)), ...errors };
  return Object.keys(all).length ? { kind: 'create', input: null, errors: all } : { kind: 'create', input, errors: {} };
}

export function toUpdateInput(f: SubscriptionForm, current: Subscription): Built<'update', UpdateInput> {
  const errors: FormErrors = {};
  let basicAuth: UpdateInput['basicAuth'];
  if (!f.basicAuth) basicAuth = current.basicAuth ? null : undefined;
  else if (f.password || f.username !== current.basicAuth?.username || !current.basicAuth.hasPassword) {
    if (!f.password && current.basicAuth?.hasPassword)
      errors.password = 'Enter the password again when changing the username';
    basicAuth = { username: f.username, password: f.password };
  }
  const input: UpdateInput = {
    id: current.id,
    ...commonFields(f, errors),
    ...timeouts(f),
    ...(basicAuth !== undefined ? { basicAuth } : {}),
  };
  const parsed = updateSubscriptionInput.safeParse(input, { error: friendlyIssue });
  const all = { ...(parsed.success ? {} : issuesToErrors(parsed.error.issues)), ...errors };
  return Object.keys(all).length ? { kind: 'update', input: null, errors: all } : { kind: 'update', input, errors: {} };
}
