import { randomBytes } from 'node:crypto';
import type { ParsedInput } from '../../../shared/api/contract';
import { AppFailure } from '../../../shared/api/result';
import {
  DEFAULT_INBOX_BODY_CAP,
  defaultResponseRule,
  type Inbox,
  type InboxChange,
  type InboxVerification,
  type InboxView,
} from '../../../shared/model/inbox';
import type { Clock } from '../clock';
import { SigningInputError, verify } from '../signing';
import { secretProblem } from '../signing/secrets';
import { maskSecret } from '../mask-secret';
import type { SettingsCollection } from '../store/port';
import type { InboxRecord } from '../store/settings/records';
import { fromRecord, mergeSecrets, slugify, toRecord } from './inbox-record';

/** The receiver side of inbox changes: dedicated ports are bound before a change is saved, so a busy port fails the call. */
export interface InboxPorts {
  claim(port: number, inboxId: string): Promise<void>;
  release(port: number): Promise<void>;
  urls(inbox: Inbox): { url: string | null; portUrl: string | null };
}

const newId = () => `inb_${randomBytes(9).toString('base64url').replace(/[-_]/g, 'x')}`;

/**
 * Inbox CRUD over the settings file, with an in-memory index by slug and port
 * that the receiver reads on every request (no file access on the hot path).
 */
export class InboxService {
  private byId = new Map<string, Inbox>();

  constructor(
    private readonly repo: SettingsCollection<InboxRecord>,
    private readonly clock: Clock,
    private readonly ports: InboxPorts,
    private readonly changed: (change: InboxChange) => void,
  ) {
    for (const record of repo.list()) {
      const inbox = fromRecord(record);
      this.byId.set(inbox.id, inbox);
    }
  }

  /**
   * Another node changed inboxes (team mode): the index is read again, this
   * node's dedicated ports follow (a port another process here holds becomes a
   * notice, not a failure), and each inbox that changed is announced.
   */
  async reload(notice: (message: string) => void): Promise<void> {
    const before = this.byId;
    const after = new Map<string, Inbox>();
    for (const record of this.repo.list()) {
      const inbox = fromRecord(record);
      after.set(inbox.id, inbox);
    }
    this.byId = after;
    for (const [id, old] of before) {
      const now = after.get(id);
      if (old.port !== null && old.port !== (now?.port ?? null)) await this.ports.release(old.port);
      if (!now) this.changed({ id, change: 'deleted' });
    }
    for (const [id, inbox] of after) {
      const old = before.get(id);
      if (inbox.port !== null && inbox.port !== (old?.port ?? null))
        await this.ports
          .claim(inbox.port, id)
          .catch((err: unknown) =>
            notice(
              `Inbox "${inbox.name}" (${id}): its port ${inbox.port} is not served on this node: ${(err as Error).message}`,
            ),
          );
      if (!old) this.changed({ id, change: 'created' });
      else if (old.updatedAt !== inbox.updatedAt) this.changed({ id, change: 'updated' });
    }
  }

  list(): Inbox[] {
    return [...this.byId.values()].sort(
      (a, b) => a.createdAt.localeCompare(b.createdAt) || a.name.localeCompare(b.name),
    );
  }

  find(id: string): Inbox | undefined {
    return this.byId.get(id);
  }

  bySlug(slug: string): Inbox | undefined {
    for (const inbox of this.byId.values()) if (inbox.slug === slug) return inbox;
    return undefined;
  }

  byName(name: string): Inbox | undefined {
    for (const inbox of this.byId.values()) if (inbox.name === name) return inbox;
    return undefined;
  }

  byPort(port: number): Inbox | undefined {
    for (const inbox of this.byId.values()) if (inbox.port === port) return inbox;
    return undefined;
  }

  get(id: string): Inbox {
    const inbox = this.byId.get(id);
    if (!inbox) throw new AppFailure('not_found', `No inbox with id ${JSON.stringify(id)}.`);
    return inbox;
  }

  view(inbox: Inbox): InboxView {
    const masked = inbox.verification
      ? { ...inbox.verification, secrets: inbox.verification.secrets.map(maskSecret) }
      : null;
    return { ...structuredClone(inbox), verification: masked, ...this.ports.urls(inbox) };
  }

  async create(input: ParsedInput<'createInbox'>): Promise<Inbox> {
    const slug = input.slug ?? this.freeSlug(slugify(input.name));
    this.checkSlug(slug, null);
    const now = new Date(this.clock.now()).toISOString();
    const verification = input.verification ? await checkVerification({ ...input.verification }) : null;
    const inbox: Inbox = {
      id: newId(),
      name: input.name,
      slug,
      port: input.port ?? null,
      verification,
      responseRule: input.responseRule ?? defaultResponseRule(),
      forwarding: input.forwarding ?? null,
      bodyCapBytes: input.bodyCapBytes ?? DEFAULT_INBOX_BODY_CAP,
      createdAt: now,
      updatedAt: now,
    };
    return this.save(null, inbox, 'created');
  }

  async update(input: ParsedInput<'updateInbox'>): Promise<Inbox> {
    const current = this.get(input.id);
    // Shallow on purpose: the response rule stays the same object, so its sequence keeps counting.
    const next: Inbox = { ...current };
    if (input.name !== undefined) next.name = input.name;
    if (input.slug !== undefined) {
      this.checkSlug(input.slug, current.id);
      next.slug = input.slug;
    }
    if (input.port !== undefined) next.port = input.port;
    if (input.bodyCapBytes !== undefined) next.bodyCapBytes = input.bodyCapBytes;
    if (input.verification !== undefined) {
      next.verification = input.verification
        ? await checkVerification({
            ...input.verification,
            secrets: mergeSecrets(input.verification.secrets, current.verification?.secrets ?? []),
          })
        : null;
    }
    return this.save(current, next, 'updated');
  }

  async setResponseRule(input: ParsedInput<'setResponseRule'>): Promise<Inbox> {
    const { id, ...rule } = input;
    const current = this.get(id);
    return this.save(current, { ...current, responseRule: rule }, 'updated');
  }

  async setForwarding(input: ParsedInput<'setForwarding'>): Promise<Inbox> {
    const { id, url, respondWith, timeoutMs } = input;
    const current = this.get(id);
    const was = current.forwarding;
    const forwarding = url
      ? {
          url,
          respondWith,
          timeoutMs,
          forwardCredentials: input.forwardCredentials ?? was?.forwardCredentials ?? false,
          allowBrowsers: input.allowBrowsers ?? was?.allowBrowsers ?? false,
          trustedHosts: input.trustedHosts ?? was?.trustedHosts ?? [],
        }
      : null;
    return this.save(current, { ...current, forwarding }, 'updated');
  }

  async remove(id: string): Promise<void> {
    const current = this.get(id);
    await this.repo.remove(id);
    this.byId.delete(id);
    if (current.port !== null) await this.ports.release(current.port);
    this.changed({ id, change: 'deleted' });
  }

  private async save(before: Inbox | null, after: Inbox, change: InboxChange['change']): Promise<Inbox> {
    after.updatedAt = new Date(this.clock.now()).toISOString();
    const portChanged = after.port !== (before?.port ?? null);
    if (portChanged && after.port !== null) {
      const owner = this.byPort(after.port);
      if (owner && owner.id !== after.id)
        throw new AppFailure('conflict', `Port ${after.port} already belongs to inbox "${owner.name}".`, {
          port: ['already used by another inbox'],
        });
      await this.ports.claim(after.port, after.id);
    }
    try {
      await this.repo.upsert(toRecord(after));
    } catch (err) {
      if (portChanged && after.port !== null) await this.ports.release(after.port);
      throw err;
    }
    this.byId.set(after.id, after);
    if (portChanged && before?.port) await this.ports.release(before.port);
    this.changed({ id: after.id, change });
    return after;
  }

  private checkSlug(slug: string, selfId: string | null): void {
    const owner = this.bySlug(slug);
    if (owner && owner.id !== selfId)
      throw new AppFailure('conflict', `The slug "${slug}" is taken by inbox "${owner.name}".`, {
        slug: ['already used by another inbox'],
      });
  }

  private freeSlug(base: string): string {
    if (!this.bySlug(base)) return base;
    for (let n = 2; ; n++) if (!this.bySlug(`${base}-${n}`)) return `${base}-${n}`;
  }
}

/** Runs the profile's own secret checks once at save time, so a malformed secret is a field error, not a failed verdict on every capture. */
async function checkVerification(v: InboxVerification): Promise<InboxVerification> {
  // The same per-profile rules as a subscription's secret (signing/secrets.ts), each entry named.
  v.secrets.forEach((secret, i) => {
    const problem = secretProblem(v.profile, secret);
    if (problem)
      throw new AppFailure('invalid_input', `verification.secrets.${i}: ${problem}`, {
        [`verification.secrets.${i}`]: [problem],
      });
  });
  try {
    await verify({
      profile: v.profile,
      headers: {},
      body: new Uint8Array(),
      secrets: v.secrets,
      keys: v.keys,
      ...(v.custom ? { custom: v.custom } : {}),
    });
  } catch (err) {
    if (err instanceof SigningInputError) {
      const field = err.field === 'secrets' ? 'verification.secrets' : `verification.${err.field}`;
      throw new AppFailure('invalid_input', err.message, { [field]: [err.message] });
    }
    throw err;
  }
  return v;
}
