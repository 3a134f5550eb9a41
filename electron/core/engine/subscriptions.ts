import { randomUUID } from 'node:crypto';
import type { z } from 'zod';
import type { createSubscriptionInput, updateSubscriptionInput } from '../../../shared/api/methods/subscriptions';
import { AppFailure } from '../../../shared/api/result';
import type { FusionAuthAlgorithm, ProfileId } from '../../../shared/model/signing';
import type {
  IssuedSecret,
  Subscription,
  SubscriptionChange,
  SubscriptionWithSecret,
} from '../../../shared/model/subscription';
import type { Clock } from '../clock';
import { maskSecret } from '../mask-secret';
import { secretProblem } from '../signing/secrets';
import type { SettingsCollection } from '../store/port';
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
import { checkEvents, checkPem, DEFAULT_CONNECT_TIMEOUT_MS, DEFAULT_READ_TIMEOUT_MS } from './subscription-checks';
import { asSecretError, checkSecret, issueSecret } from './subscription-secrets';

type CreateInput = z.output<typeof createSubscriptionInput>;
type UpdateInput = z.output<typeof updateSubscriptionInput>;

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

  async create(input: CreateInput): Promise<SubscriptionWithSecret> {
    checkPem(input.caCertificatePem);
    const id = input.id ?? randomUUID();
    if (this.repo().get(id))
      throw new AppFailure('conflict', `A subscription with id ${JSON.stringify(id)} already exists.`, {
        id: ['Already in use'],
      });
    const { material, issued, hint, key } = await asSecretError(() =>
      issueSecret(input.profile, input.secret, input.fusionAuthAlg),
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
      checkSecret(next.profile, secret);
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
    const issued = await asSecretError(() => issueSecret(current.profile, given, alg ?? current.fusionAuthKey?.alg));
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
