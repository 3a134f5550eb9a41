import { randomUUID, X509Certificate } from 'node:crypto';
import type { z } from 'zod';
import {
  unknownEvents,
  type createSubscriptionInput,
  type updateSubscriptionInput,
} from '../../../shared/api/methods/subscriptions';
import { AppFailure } from '../../../shared/api/result';
import type { FusionAuthAlgorithm, FusionAuthKey, ProfileId } from '../../../shared/model/signing';
import type {
  IssuedSecret,
  Subscription,
  SubscriptionChange,
  SubscriptionWithSecret,
} from '../../../shared/model/subscription';
import type { Clock } from '../clock';
import { generateSecret, jwks, kindeJwks, publicKeyPem, SigningInputError } from '../signing';
import { checkKeyUsable, isHmacAlg, validateKey } from '../signing/fusionauth-keys';
import { secretProblem } from '../signing/secrets';
import type { SettingsCollection } from '../store/port';
import { maskSecret } from '../mask-secret';
import { deepFreeze } from '../store/settings/record-sealer';
import type { SubscriptionRecord } from '../store/settings/records';
import type { SigningMaterial } from './negative-tests';
import {
  readHeaders,
  readMaterial,
  readStoredSubscription,
  type ReadSubscription,
  type SealedMaterial,
  type StoredSubscription,
} from './stored-subscription';

type CreateInput = z.output<typeof createSubscriptionInput>;
type UpdateInput = z.output<typeof updateSubscriptionInput>;

/** Read timeouts follow each provider's documented one (docs/providers.md); `hookbench check` holds answers to them too. */
export const DEFAULT_READ_TIMEOUT_MS: Record<ProfileId, number> = {
  'standard-webhooks': 15_000,
  svix: 15_000,
  fief: 5_000,
  logto: 10_000,
  fusionauth: 2_000,
  frontegg: 5_000,
  stripe: 10_000,
  github: 10_000,
  clerk: 15_000,
  workos: 10_000,
  okta: 3_000,
  auth0: 10_000,
  supabase: 5_000,
  kinde: 10_000,
  'custom-hmac': 10_000,
};
const DEFAULT_CONNECT_TIMEOUT_MS = 2_000;

function checkPem(pem: string | null | undefined): void {
  if (!pem) return;
  try {
    new X509Certificate(pem);
  } catch {
    throw new AppFailure('invalid_input', 'caCertificatePem: the certificate could not be parsed.', {
      caCertificatePem: ['Malformed PEM certificate'],
    });
  }
}

function checkEvents(profile: ProfileId, events: string[] | 'all'): void {
  const errors = unknownEvents(profile, events);
  if (Object.keys(errors).length)
    throw new AppFailure(
      'invalid_input',
      `Unknown events for ${profile}: ${Object.values(errors).flat().join('; ')}.`,
      errors,
    );
}

/**
 * Subscription CRUD over the settings repository. Secrets, FusionAuth private
 * keys and basic-auth passwords live only in the sealed `secret` field, custom
 * header values in the sealed `headers` field; what leaves here carries a
 * masked hint instead of the secret. A record settings.json holds but this
 * service cannot use is reported once as a notice naming it, and refused for
 * delivery with that reason; it never makes a list or an emit fail.
 */
export class SubscriptionService {
  constructor(
    private readonly repo: () => SettingsCollection<SubscriptionRecord>,
    private readonly clock: Clock,
    private readonly notice: (message: string) => void = () => {},
    private readonly changed: (change: SubscriptionChange) => void = () => {},
  ) {}

  /** Parsed records by the stored object they came from: a write replaces that object, so an entry never goes stale. */
  private readonly reads = new WeakMap<object, ReadSubscription>();
  private readonly reported = new Set<string>();

  private read(raw: object): ReadSubscription {
    let r = this.reads.get(raw);
    if (!r) {
      r = readStoredSubscription(raw as Record<string, unknown>);
      this.reads.set(raw, r);
      const key = `${r.stored.id}\n${r.problem}`;
      if (r.problem && !r.unsealed && !this.reported.has(key)) {
        this.reported.add(key);
        this.notice(
          `Subscription "${r.stored.name}" (${r.stored.id}) cannot deliver: ${r.problem}. Regenerate its secret, or fix or delete it.`,
        );
      }
    }
    return r;
  }

  /**
   * Reads every record once, so unusable ones are reported at start rather than
   * at their first delivery; so is a secret saved before secrets were checked
   * that does not fit its profile (it is still used as long as it can sign).
   */
  check(): void {
    for (const raw of this.repo().peekAll()) {
      const { stored, problem } = this.read(raw);
      if (problem || stored.profile === 'fusionauth') continue;
      const misfit = (readMaterial(stored.secret)?.secrets ?? [])
        .map((s) => secretProblem(stored.profile, s))
        .find((p) => p !== null);
      if (misfit)
        this.notice(
          `Subscription "${stored.name}" (${stored.id}): its secret does not fit ${stored.profile} (${misfit}) Regenerate it; until then deliveries that cannot be signed with it are refused.`,
        );
    }
  }

  private readOf(id: string): ReadSubscription {
    const raw = this.repo().peek(id);
    if (!raw) throw new AppFailure('not_found', `No subscription with id ${JSON.stringify(id)}.`);
    return this.read(raw);
  }

  /** The stored record, shared and frozen (see SettingsCollection.peek); writes build a new object from it. */
  private stored(id: string): StoredSubscription {
    return this.readOf(id).stored;
  }

  /** A record to change: one settings.json holds in a shape this service cannot read is only ever deleted. */
  private writable(id: string): StoredSubscription {
    const r = this.readOf(id);
    if (r.placeholder)
      throw new AppFailure(
        'failed',
        `Subscription ${JSON.stringify(id)} cannot be changed: ${r.problem}. Delete it, or fix settings.json by hand.`,
      );
    return r.stored;
  }

  /** The signing layer's refusal of a given secret or key (a malformed PEM, JWK…) is a field error on `secret`. */
  private static async asSecretError<T>(work: () => Promise<T>): Promise<T> {
    try {
      return await work();
    } catch (err) {
      if (err instanceof SigningInputError)
        throw new AppFailure('invalid_input', err.message, { secret: [err.message] });
      throw err;
    }
  }

  /** A secret the user typed must fit the profile; nothing is saved otherwise. */
  private static checkSecret(profile: ProfileId, secret: string, field = 'secret'): void {
    const problem = secretProblem(profile, secret);
    if (problem) throw new AppFailure('invalid_input', `${field}: ${problem}`, { [field]: [problem] });
  }

  private static view(s: StoredSubscription): Subscription {
    const { basicAuthUsername, secret, headers, ...rest } = s;
    const material = readMaterial(secret);
    return {
      ...rest,
      headers: readHeaders(headers) ?? {},
      basicAuth: basicAuthUsername ? { username: basicAuthUsername, hasPassword: !!material?.basicAuthPassword } : null,
    };
  }

  /** Views and material by stored object: the engine asks several times per delivery, and each answer is the same until a write. */
  private readonly views = new WeakMap<StoredSubscription, Subscription>();
  private readonly materials = new WeakMap<StoredSubscription, SigningMaterial & { basicAuthPassword?: string }>();

  private sharedView(s: StoredSubscription): Subscription {
    let v = this.views.get(s);
    if (!v) this.views.set(s, (v = deepFreeze(SubscriptionService.view(s))));
    return v;
  }

  list(): Subscription[] {
    return this.repo()
      .peekAll()
      .map((raw) => this.sharedView(this.read(raw).stored));
  }

  /** Frozen: spread it to change anything. */
  get(id: string): Subscription {
    return this.sharedView(this.stored(id));
  }

  /** Why a subscription cannot deliver, or null. */
  problem(id: string): string | null {
    return this.readOf(id).problem;
  }

  /** The signing material and basic-auth password for the engine; never leaves the core. */
  material(id: string): SigningMaterial & { basicAuthPassword?: string } {
    const { stored: s, problem } = this.readOf(id);
    let m = this.materials.get(s);
    if (m) return m;
    if (problem)
      throw new AppFailure('failed', `Subscription "${s.name}" (${id}) cannot sign: ${problem}.`, {
        secret: [problem],
      });
    const sealed = readMaterial(s.secret)!;
    m = deepFreeze({
      secrets: sealed.secrets,
      ...(sealed.keys ? { keys: sealed.keys } : {}),
      ...(s.custom ? { custom: s.custom } : {}),
      ...(sealed.basicAuthPassword !== undefined ? { basicAuthPassword: sealed.basicAuthPassword } : {}),
    });
    this.materials.set(s, m);
    return m;
  }

  private async issue(
    profile: ProfileId,
    given: string | undefined,
    alg: FusionAuthAlgorithm | undefined,
  ): Promise<{ material: SealedMaterial; issued: IssuedSecret; hint: string; key: Subscription['fusionAuthKey'] }> {
    if (given !== undefined) SubscriptionService.checkSecret(profile, given);
    if (profile === 'fusionauth' && (!given || alg)) {
      if (given && alg && !isHmacAlg(alg))
        throw new AppFailure(
          'invalid_input',
          'A typed FusionAuth secret is an HMAC key; pick HS256/384/512 or let Hookbench generate the key pair.',
          { fusionAuthAlg: ['Use an HMAC algorithm with a typed secret'] },
        );
      const generated = (await generateSecret('fusionauth', alg ?? 'HS256')).key!;
      const key: FusionAuthKey = given ? { kid: generated.kid, alg: generated.alg, secret: given } : generated;
      validateKey(key, 0);
      await checkKeyUsable(key);
      const meta = { kid: key.kid, alg: key.alg };
      if (isHmacAlg(key.alg))
        return {
          material: { secrets: [], keys: [key] },
          issued: { secret: key.secret!, kid: key.kid },
          hint: maskSecret(key.secret!),
          key: meta,
        };
      return {
        material: { secrets: [], keys: [key] },
        issued: {
          publicKeyPem: await publicKeyPem(key),
          jwks: jwks([key]) as IssuedSecret['jwks'] & object,
          kid: key.kid,
        },
        hint: `${key.alg} key ${key.kid.slice(0, 8)}…`,
        key: meta,
      };
    }
    const secret = given ?? (await generateSecret(profile)).secret!;
    // A Kinde receiver verifies with the tenant JWKS: hand it out with the key, once.
    const jwksDoc = profile === 'kinde' ? { jwks: (await kindeJwks([secret])) as IssuedSecret['jwks'] & object } : {};
    return { material: { secrets: [secret] }, issued: { secret, ...jwksDoc }, hint: maskSecret(secret), key: null };
  }

  async create(input: CreateInput): Promise<SubscriptionWithSecret> {
    checkPem(input.caCertificatePem);
    const id = input.id ?? randomUUID();
    if (this.repo().get(id))
      throw new AppFailure('conflict', `A subscription with id ${JSON.stringify(id)} already exists.`, {
        id: ['Already in use'],
      });
    const { material, issued, hint, key } = await SubscriptionService.asSecretError(() =>
      this.issue(input.profile, input.secret, input.fusionAuthAlg),
    );
    if (input.basicAuth) material.basicAuthPassword = input.basicAuth.password;
    const now = new Date(this.clock.now()).toISOString();
    const record: StoredSubscription = {
      id,
      name: input.name,
      description: input.description,
      url: input.url,
      enabled: input.enabled,
      disabledReason: null,
      events: input.events,
      tenantIds: input.tenantIds,
      global: input.global,
      applicationIds: input.applicationIds,
      headers: JSON.stringify(input.headers),
      basicAuthUsername: input.basicAuth?.username ?? null,
      connectTimeoutMs: input.connectTimeoutMs ?? DEFAULT_CONNECT_TIMEOUT_MS,
      readTimeoutMs: input.readTimeoutMs ?? DEFAULT_READ_TIMEOUT_MS[input.profile],
      caCertificatePem: input.caCertificatePem,
      profile: input.profile,
      custom: input.custom,
      fusionAuthKey: key,
      secretHint: hint,
      retry: input.retry,
      transactionPolicy: input.transactionPolicy,
      createdAt: now,
      updatedAt: now,
      secret: JSON.stringify(material),
    };
    await this.repo().upsert(record);
    this.changed({ id, change: 'created' });
    return { subscription: SubscriptionService.view(record), issued };
  }

  async update(input: UpdateInput): Promise<Subscription> {
    const current = this.writable(input.id);
    const { id: _id, basicAuth, headers, secret, ...patch } = input;
    const defined = Object.fromEntries(
      Object.entries(patch).filter(([, v]) => v !== undefined),
    ) as Partial<StoredSubscription>;
    const next: StoredSubscription = { ...current, ...defined, updatedAt: new Date(this.clock.now()).toISOString() };
    if (headers !== undefined) next.headers = JSON.stringify(headers);
    if (input.profile && (input.profile === 'fusionauth') !== (current.profile === 'fusionauth')) {
      throw new AppFailure(
        'invalid_input',
        'Switching to or from FusionAuth changes the key type: create a new subscription instead.',
        { profile: ['Cannot switch between FusionAuth keys and shared secrets'] },
      );
    }
    if (next.profile === 'custom-hmac' && !next.custom)
      throw new AppFailure('invalid_input', 'The custom-hmac profile needs its signing config.', {
        custom: ['Required for custom-hmac'],
      });
    checkEvents(next.profile, next.events);
    checkPem(next.caCertificatePem);
    if (input.enabled === true) next.disabledReason = null;
    const material: SealedMaterial = readMaterial(current.secret) ?? { secrets: [] };
    if (secret !== undefined) {
      if (next.profile === 'fusionauth')
        throw new AppFailure('invalid_input', 'A FusionAuth key is replaced with regenerateSecret.', {
          secret: ['Use regenerateSecret for FusionAuth keys'],
        });
      SubscriptionService.checkSecret(next.profile, secret);
      material.secrets = [secret];
      next.secretHint = maskSecret(secret);
    } else if (next.profile !== current.profile) {
      // The secret kept must fit the profile it will now sign for.
      const problem = material.secrets.map((s) => secretProblem(next.profile, s)).find((p) => p !== null);
      if (problem)
        throw new AppFailure(
          'invalid_input',
          `The current secret does not fit ${next.profile}: ${problem} Give a new secret with the change.`,
          { secret: [`The current secret does not fit ${next.profile}: ${problem}`] },
        );
    }
    if (basicAuth !== undefined) {
      if (basicAuth) material.basicAuthPassword = basicAuth.password;
      else delete material.basicAuthPassword;
      next.basicAuthUsername = basicAuth?.username ?? null;
    }
    if (secret !== undefined || basicAuth !== undefined) next.secret = JSON.stringify(material);
    await this.repo().upsert(next);
    this.changed({ id: next.id, change: 'updated' });
    return SubscriptionService.view(next);
  }

  async setEnabled(id: string, enabled: boolean, reason: string | null = null): Promise<Subscription> {
    const current = this.writable(id);
    const next = {
      ...current,
      enabled,
      disabledReason: enabled ? null : reason,
      updatedAt: new Date(this.clock.now()).toISOString(),
    };
    await this.repo().upsert(next);
    this.changed({ id, change: 'updated' });
    return SubscriptionService.view(next);
  }

  async remove(id: string): Promise<boolean> {
    this.stored(id);
    const removed = await this.repo().remove(id);
    if (removed) this.changed({ id, change: 'deleted' });
    return removed;
  }

  async regenerate(
    id: string,
    given?: string,
    alg?: FusionAuthAlgorithm,
  ): Promise<{ subscription: Subscription; issued: IssuedSecret }> {
    const current = this.writable(id);
    const issued = await SubscriptionService.asSecretError(() =>
      this.issue(current.profile, given, alg ?? current.fusionAuthKey?.alg),
    );
    const old: SealedMaterial = readMaterial(current.secret) ?? { secrets: [] };
    const material: SealedMaterial = {
      ...issued.material,
      ...(old.basicAuthPassword !== undefined ? { basicAuthPassword: old.basicAuthPassword } : {}),
    };
    const next: StoredSubscription = {
      ...current,
      secret: JSON.stringify(material),
      secretHint: issued.hint,
      fusionAuthKey: issued.key,
      updatedAt: new Date(this.clock.now()).toISOString(),
    };
    await this.repo().upsert(next);
    this.changed({ id, change: 'updated' });
    return { subscription: SubscriptionService.view(next), issued: issued.issued };
  }

  /** Enabled subscriptions of the profile that take this event within the given FusionAuth scope. */
  matching(profile: ProfileId, event: string, scope: { tenantId?: string; applicationId?: string }): Subscription[] {
    return this.list().filter((s) => {
      if (!s.enabled || s.profile !== profile) return false;
      if (s.events !== 'all' && !s.events.includes(event)) return false;
      if (!s.global && s.tenantIds.length && !(scope.tenantId && s.tenantIds.includes(scope.tenantId))) return false;
      if (s.applicationIds.length && !(scope.applicationId && s.applicationIds.includes(scope.applicationId)))
        return false;
      return true;
    });
  }
}
