import type { z } from 'zod';
import { inboxMethods } from '../../../../shared/api/methods/inbox';
import type { MethodInput } from '../../../../shared/api/contract';
import type { InboxView } from '../../../../shared/model/inbox';
import type { ProfileId } from '../../../../shared/model/signing';
import { CREDENTIAL_MASK } from '../../../../shared/security/credential-headers';
import { secretProblem } from '../../../../shared/validate/secret-format';
import { friendlyIssue } from '../../components/friendly-issue';

/** The inbox form as typed; secrets one per line (masked ones sent back are kept by the core). */
export interface InboxForm {
  name: string;
  slug: string;
  profile: ProfileId | 'none';
  secrets: string;
  toleranceSeconds: string;
  /** Answer 401 to a request whose signature does not verify, as a real receiver would. */
  rejectInvalid: boolean;
}

export type FormErrors = Record<string, string>;

export const emptyInboxForm = (): InboxForm => ({
  name: '',
  slug: '',
  profile: 'none',
  secrets: '',
  toleranceSeconds: '',
  rejectInvalid: false,
});

export function inboxFormFrom(v: InboxView): InboxForm {
  return {
    name: v.name,
    slug: v.slug,
    profile: v.verification?.profile ?? 'none',
    secrets: v.verification?.secrets.join('\n') ?? '',
    toleranceSeconds: v.verification?.toleranceSeconds?.toString() ?? '',
    rejectInvalid: v.verification?.rejectInvalid ?? false,
  };
}

/** Core/schema paths (`verification.secrets.0`, `slug`) onto form fields. */
export function inboxFieldKey(path: string): string {
  const [head, second] = path.split('.');
  if (head === 'verification')
    return second === 'toleranceSeconds' ? 'toleranceSeconds' : second === 'profile' ? 'profile' : 'secrets';
  return head ?? '';
}

export function collectErrors(entries: [string, string[]][], keyOf: (path: string) => string): FormErrors {
  const out: FormErrors = {};
  for (const [path, messages] of entries) out[keyOf(path)] ??= messages.join('; ');
  return out;
}

export function issuesToErrors(issues: z.core.$ZodIssue[], keyOf: (path: string) => string): FormErrors {
  return collectErrors(
    issues.map((i) => [i.path.join('.'), [i.message]]),
    keyOf,
  );
}

/**
 * The first typed secret that cannot work for the profile, in the core's own
 * words (with its line when there are several); masked lines stand for
 * secrets the core already holds.
 */
export function secretsFieldError(f: InboxForm): string | null {
  if (f.profile === 'none') return null;
  const lines = f.secrets.split(/\r?\n/).map((s) => s.trim());
  const several = lines.filter(Boolean).length > 1;
  for (const [i, secret] of lines.entries()) {
    if (!secret || secret.includes(CREDENTIAL_MASK)) continue;
    const problem = secretProblem(f.profile, secret);
    if (problem) return several ? `Line ${i + 1}: ${problem}` : problem;
  }
  return null;
}

function verification(f: InboxForm, errors: FormErrors) {
  if (f.profile === 'none') return null;
  const tolerance = f.toleranceSeconds.trim();
  if (tolerance && !/^\d+$/.test(tolerance))
    errors.toleranceSeconds = 'Whole seconds, e.g. 300; empty = the profile’s default';
  const secrets = f.secrets
    .split(/\r?\n/)
    .map((s) => s.trim())
    .filter(Boolean);
  // said here too: the schema's own check is skipped while another field of the object fails
  if (!secrets.length) errors.secrets = 'Give at least one secret: the one your provider signs with';
  const secretsError = secretsFieldError(f);
  if (secretsError) errors.secrets = secretsError;
  return {
    profile: f.profile,
    secrets,
    toleranceSeconds: tolerance ? Number(tolerance) : null,
    rejectInvalid: f.rejectInvalid,
  };
}

type Built<T> = { input: T; errors: FormErrors } | { input: null; errors: FormErrors };

export function toCreateInboxInput(f: InboxForm): Built<MethodInput<'createInbox'>> {
  const errors: FormErrors = {};
  const input: MethodInput<'createInbox'> = {
    name: f.name,
    ...(f.slug.trim() ? { slug: f.slug.trim() } : {}),
    verification: verification(f, errors),
  };
  const parsed = inboxMethods.createInbox.input.safeParse(input, { error: friendlyIssue });
  const all = { ...(parsed.success ? {} : issuesToErrors(parsed.error.issues, inboxFieldKey)), ...errors };
  return Object.keys(all).length ? { input: null, errors: all } : { input, errors: {} };
}

export function toUpdateInboxInput(f: InboxForm, id: string): Built<MethodInput<'updateInbox'>> {
  const errors: FormErrors = {};
  const input: MethodInput<'updateInbox'> = {
    id,
    name: f.name,
    slug: f.slug.trim(),
    verification: verification(f, errors),
  };
  const parsed = inboxMethods.updateInbox.input.safeParse(input, { error: friendlyIssue });
  const all = { ...(parsed.success ? {} : issuesToErrors(parsed.error.issues, inboxFieldKey)), ...errors };
  return Object.keys(all).length ? { input: null, errors: all } : { input, errors: {} };
}
