import { readFileSync } from 'node:fs';
import { secretBoxFromKey, type SecretBox } from './secret-box';

/** Team mode was asked for without the key every node must share. */
export class TeamKeyError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'TeamKeyError';
  }
}

const HOW =
  'set HOOKBENCH_SECRET_KEY to 32 random bytes in base64 (make one with "openssl rand -base64 32") on every node, or point --secret-key-file at a file holding them';

/** 32 bytes from base64 (or base64url) or 64 hex digits; null when the text is neither. */
function decodeKey(text: string): Buffer | null {
  const t = text.trim();
  if (/^[0-9a-f]{64}$/i.test(t)) return Buffer.from(t, 'hex');
  if (/^[A-Za-z0-9+/_-]{43}=?$/.test(t)) {
    const key = Buffer.from(t, t.includes('-') || t.includes('_') ? 'base64url' : 'base64');
    return key.length === 32 ? key : null;
  }
  return null;
}

/**
 * The box team mode seals secrets with: one key for every node, from
 * HOOKBENCH_SECRET_KEY or a key file they share (32 raw bytes, like a
 * laptop's secret.key, or the same text as the variable). Never generated
 * here: a node with a key of its own could not read what the others sealed.
 */
export function teamSecretBox(o: { env?: string; file?: string }): SecretBox {
  if (o.env !== undefined && o.env !== '') {
    const key = decodeKey(o.env);
    if (!key) throw new TeamKeyError(`HOOKBENCH_SECRET_KEY is not 32 bytes of base64 or hex: ${HOW}.`);
    return secretBoxFromKey(key, 'HOOKBENCH_SECRET_KEY');
  }
  if (o.file) {
    let raw: Buffer;
    try {
      raw = readFileSync(o.file);
    } catch (err) {
      throw new TeamKeyError(
        `--secret-key-file: cannot read ${o.file} (${(err as NodeJS.ErrnoException).code ?? err}).`,
      );
    }
    const key = raw.length === 32 ? raw : decodeKey(raw.toString('utf8'));
    if (!key) throw new TeamKeyError(`--secret-key-file: ${o.file} does not hold a 32-byte key: ${HOW}.`);
    return secretBoxFromKey(key, o.file);
  }
  throw new TeamKeyError(`Team mode needs the secret key every node shares: ${HOW}.`);
}
