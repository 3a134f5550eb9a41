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

/**
 * Seals a record's secret fields on the way to storage and opens them on the
 * way out, so callers only see plain values and storage only ciphertext. A
 * list field (an inbox's rotated secrets) has each entry sealed on its own.
 */
export class RecordSealer {
  /**
   * Ciphertext → plaintext. The engine reads a subscription's secret for every
   * delivery; AES-GCM (or a keychain call) each time was a tenth of a
   * delivery's CPU. Each ciphertext has its own IV, so an entry never goes stale.
   */
  private readonly decrypted = new Map<string, string>();

  constructor(
    private readonly box: SecretBox,
    private readonly log: Logger,
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

  /** A record that cannot be unsealed stays usable (and editable) without its secret; the log names no value. */
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
            this.log.warn(`${collection} ${copy.id}: an entry of ${f} is unavailable: ${(err as Error).message}`);
            return [];
          }
        });
      } else if (isBoxed(v)) {
        try {
          copy[f] = this.decrypt(v);
        } catch (err) {
          this.log.warn(`${collection} ${copy.id}: ${f} unavailable: ${(err as Error).message}`);
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
