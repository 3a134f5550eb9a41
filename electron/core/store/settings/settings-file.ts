import { chmodSync, existsSync, readFileSync, renameSync } from 'node:fs';
import { Low } from 'lowdb';
import { collectionNames, secretFields, type SettingsDoc } from '../../../../shared/model/settings';
import type { Clock } from '../../clock';
import type { Logger } from '../../log';
import { isBoxed, type SecretBox } from '../secret-box';
import { defaultSettings, migrate, settingsSchema, SettingsFormatError } from './migrations';
import { PrivateJSONFile } from './private-json-file';

export interface SettingsFileOptions {
  path: string;
  secretBox: SecretBox;
  clock: Clock;
  log: Logger;
}

const chmodPrivate = (path: string) => {
  if (process.platform !== 'win32') chmodSync(path, 0o600);
};

/**
 * settings.json through lowdb. Explicit `new Low(new PrivateJSONFile(path), …)`:
 * the preset silently switches to memory under test. The adapter writes a 0600 temp file
 * and renames it, so a crash leaves the old or the new file, never half of one;
 * a file that is damaged anyway is moved aside, never silently replaced.
 */
export class SettingsFile {
  private constructor(
    private readonly low: Low<SettingsDoc>,
    readonly path: string,
    /** Things the user must hear about (a backup made, a file migrated). */
    readonly notices: string[],
  ) {}

  static async open(opts: SettingsFileOptions): Promise<SettingsFile> {
    const notices: string[] = [];
    let doc = defaultSettings();
    let dirty = !existsSync(opts.path);
    if (!dirty) {
      try {
        const loaded = load(readFileSync(opts.path, 'utf8'));
        doc = loaded.doc;
        if (loaded.from !== doc.version) {
          dirty = true;
          notices.push(`Settings were upgraded from schema version ${loaded.from} to ${doc.version}.`);
        }
      } catch (err) {
        if (!(err instanceof SyntaxError || err instanceof SettingsFormatError)) throw err;
        const stamp = new Date(opts.clock.now()).toISOString().replace(/[:.]/g, '-');
        const backup = `${opts.path}.corrupt-${stamp}`;
        renameSync(opts.path, backup);
        const reason = err instanceof SyntaxError ? 'it is not valid JSON (truncated or half-written?)' : err.message;
        notices.push(
          `The settings file was unreadable (${reason}); it was moved to ${backup} and Hookbench started with default settings.`,
        );
        dirty = true;
      }
    }
    // Plain secrets (a hand-edited or migrated file) are sealed before anything else touches them.
    if (sealPlainSecrets(doc, opts.secretBox)) dirty = true;
    const file = new SettingsFile(new Low(new PrivateJSONFile<SettingsDoc>(opts.path), doc), opts.path, notices);
    for (const n of notices) opts.log.warn(n);
    if (dirty) await file.write();
    else chmodPrivate(opts.path);
    return file;
  }

  get data(): SettingsDoc {
    return this.low.data;
  }

  private chain: Promise<void> = Promise.resolve();

  /** Applies a change in memory and writes it; writes happen one after another in call order. */
  update(mutate: (doc: SettingsDoc) => void): Promise<void> {
    mutate(this.low.data);
    const next = this.chain.then(() => this.write());
    this.chain = next.catch(() => undefined);
    return next;
  }

  /** Resolves once every update so far is on disk. */
  flush(): Promise<void> {
    return this.chain;
  }

  private async write(): Promise<void> {
    await this.low.write();
    chmodPrivate(this.path);
  }
}

class SettingsValidationError extends SettingsFormatError {}

function load(text: string): { doc: SettingsDoc; from: number } {
  const raw: unknown = JSON.parse(text);
  if (typeof raw !== 'object' || raw === null || Array.isArray(raw))
    throw new SettingsValidationError('the top level is not an object');
  const { doc, from } = migrate(raw as Record<string, unknown>);
  const parsed = settingsSchema.safeParse(doc);
  if (!parsed.success) {
    const where = parsed.error.issues
      .map((i) => `${i.path.join('.') || '(root)'}: ${i.message}`)
      .slice(0, 3)
      .join('; ');
    throw new SettingsValidationError(`wrong types: ${where}`);
  }
  return { doc: parsed.data as SettingsDoc, from };
}

function sealPlainSecrets(doc: SettingsDoc, box: SecretBox): boolean {
  let changed = false;
  for (const name of collectionNames) {
    for (const record of doc[name]) {
      for (const field of secretFields[name]) {
        const value = record[field];
        if (typeof value === 'string' && value !== '' && !isBoxed(value)) {
          record[field] = box.encrypt(value);
          changed = true;
        }
      }
    }
  }
  return changed;
}
