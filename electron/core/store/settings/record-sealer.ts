import type { Logger } from '../../log';
import { isBoxed, type SecretBox } from '../secret-box';

type Stored = { id: string } & Record<string, unknown>;

/** Shown in place of a secret wherever records leave the core for display or export. */
export const REDACTED = '••••••';

export function deepFreeze<V>(value: V): V {
  if (value && typeof value === 'object' && !Object.isFrozen(value)) {
    Object.freeze(value);
    for (const v of Object.values(value)) deepFreeze(v);
  }
  return value;
}

const LABELS: Record<string, string> = {
  subscriptions: 'Subscription',
  inboxes: 'Inbox',
  signingKeys: 'Signing key',
  apiKeys: 'API key',
};

/**
 * Seals a record's secret fields on the way to storage and opens them on the
 * way out, so callers only see plain values and storage only ciphertext: one
 * sealer for the settings file and the shared database. A list field (an
 * inbox's rotated secrets) has each entry sealed on its own.
 */
export class RecordSealer {
  /**
   * Ciphertext → plaintext. The engine reads a subscription's secret for every
   * delivery and every attempt; AES-GCM (or a keychain call) each time was a
   * tenth of a delivery's CPU. Each ciphertext has its own random IV, so a
   * changed secret is a new key here and a stale entry can never be returned.
   */
  private readonly decrypted = new Map<string, string>();
  private readonly reported = new Set<string>();

  constructor(
    private readonly box: SecretBox,
    private readonly log: Logger,
    private readonly notice: (message: string) => void = () => {},
  ) {}

  seal(record: object, fields: readonly string[]): Stored {
    const copy = structuredClone(record) as Stored;
    for (const f of fields) {
      const v = copy[f];
      if (typeof v === 'string' && v !== '' && !isBoxed(v)) copy[f] = this.box.encrypt(v);
      else if (Array.isArray(v))
        copy[f] = v.map((s: unknown) => (typeof s === 'string' && s !== '' && !isBoxed(s) ? this.box.encrypt(s) : s));
    }
    return copy;
  }

  /** A field that cannot be unsealed becomes null (a list entry is left out); the record stays usable and editable. */
  open<T>(stored: Stored, fields: readonly string[], collection: string): T {
    const copy = structuredClone(stored);
    for (const f of fields) {
      const v = copy[f];
      if (Array.isArray(v)) {
        copy[f] = v.flatMap((entry: unknown) => {
          if (!isBoxed(entry)) return [entry];
          try {
            return [this.decrypt(entry)];
          } catch (err) {
            this.unavailable(collection, stored, f, err, true);
            return [];
          }
        });
      } else if (isBoxed(v)) {
        try {
          copy[f] = this.decrypt(v);
        } catch (err) {
          this.unavailable(collection, stored, f, err);
          copy[f] = null;
        }
      }
    }
    return copy as T;
  }

  redact<T>(stored: Stored, fields: readonly string[]): T {
    const copy = { ...stored };
    for (const f of fields) if (copy[f] !== undefined && copy[f] !== null) copy[f] = REDACTED;
    return copy as T;
  }

  /** Once per record and field, a notice naming them; the message never holds a value. */
  private unavailable(collection: string, record: Stored, field: string, err: unknown, entry = false): void {
    const what = entry ? `an entry of ${field}` : field;
    this.log.warn(`${collection} ${record.id}: ${what} unavailable: ${(err as Error).message}`);
    const key = `${collection}\n${record.id}\n${field}`;
    if (this.reported.has(key)) return;
    this.reported.add(key);
    const named = typeof record.name === 'string' ? `"${record.name}" (${record.id})` : record.id;
    this.notice(
      `${LABELS[collection] ?? collection} ${named}: ${what} could not be unsealed (${(err as Error).message}); it is left out until entered again.`,
    );
  }

  private decrypt(boxed: string): string {
    let plain = this.decrypted.get(boxed);
    if (plain === undefined) {
      plain = this.box.decrypt(boxed);
      if (this.decrypted.size >= 1000) this.decrypted.clear();
      this.decrypted.set(boxed, plain);
    }
    return plain;
  }
}
