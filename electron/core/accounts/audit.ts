import type { AuditActor, AuditEntry, Door } from '../../../shared/model/account';
import type { Logger } from '../log';
import type { AccountsStore, NewAuditEntry } from '../store/accounts/accounts-store';

type Summary = AuditEntry['summary'];

/**
 * Input fields whose text is kept in the audit log: identifiers, names and
 * the few enumerations that say what was done. Every other string (secrets,
 * bodies, URLs with their tokens, headers, passwords, free text) is recorded
 * only as "set", so a new field added to any method is safe by default.
 */
const KEPT_TEXT = new Set([
  'id',
  'ids',
  'subscriptionId',
  'inboxId',
  'exchangeId',
  'deliveryId',
  'name',
  'slug',
  'email',
  'user',
  'role',
  'profile',
  'event',
  'eventType',
  'events',
  'outcome',
  'kind',
  'statusClass',
  'format',
  'olderThan',
  'from',
  'to',
  'since',
  'mode',
]);
/** Objects looked into (their fields get the same rules); any other object — a payload, headers — is only "set". */
const CONTAINERS = new Set(['target', 'negative', 'filter', 'retry']);
const MAX_TEXT = 120;
const MAX_FIELDS = 24;

function keep(key: string, value: unknown, out: Summary, depth: number): void {
  if (Object.keys(out).length >= MAX_FIELDS) return;
  // Absent, null and empty fields (mostly the schema's defaults) say nothing about what was done.
  if (value === undefined || value === null || value === '') return;
  if (Array.isArray(value) && value.length === 0) return;
  if (typeof value === 'boolean') out[key] = value;
  else if (typeof value === 'number') out[key] = Number.isFinite(value) ? value : null;
  else if (typeof value === 'string') {
    const leaf = key.slice(key.lastIndexOf('.') + 1);
    out[key] = KEPT_TEXT.has(leaf) ? value.slice(0, MAX_TEXT) : '(set)';
  } else if (Array.isArray(value)) {
    const leaf = key.slice(key.lastIndexOf('.') + 1);
    const texts = value.every((v) => typeof v === 'string') && KEPT_TEXT.has(leaf);
    out[key] =
      texts && value.length <= 5 ? (value as string[]).map((v) => v.slice(0, 60)).join(', ') : `${value.length} items`;
  } else if (typeof value === 'object') {
    if (depth >= 2 || !CONTAINERS.has(key.slice(key.lastIndexOf('.') + 1))) {
      out[key] = '(set)';
      return;
    }
    for (const [k, v] of Object.entries(value as Record<string, unknown>)) keep(`${key}.${k}`, v, out, depth + 1);
  }
}

/** What the audit log keeps of a call's (validated) input: ids, names, counts and flags — never secrets or bodies. */
export function summarizeInput(input: unknown): Summary {
  const out: Summary = {};
  if (input === null || input === undefined) return out;
  if (typeof input !== 'object' || Array.isArray(input)) {
    keep('input', input, out, 0);
    return out;
  }
  for (const [k, v] of Object.entries(input as Record<string, unknown>)) keep(k, v, out, 0);
  return out;
}

/**
 * What the audit log keeps of a call's answer: the counts (replayed, removed,
 * imported…) and the id of what was created — never a secret or key it returns.
 */
export function summarizeResult(value: unknown): Summary {
  const out: Summary = {};
  if (value === null || typeof value !== 'object' || Array.isArray(value)) return out;
  for (const [k, v] of Object.entries(value as Record<string, unknown>)) {
    if (typeof v === 'number' && Number.isFinite(v)) out[`result.${k}`] = v;
    else if (Array.isArray(v)) out[`result.${k}`] = v.length;
    else if (k === 'id' && typeof v === 'string') out['result.id'] = v.slice(0, MAX_TEXT);
    else if (v && typeof v === 'object' && !Array.isArray(v) && typeof (v as { id?: unknown }).id === 'string')
      out[`result.${k}.id`] = (v as { id: string }).id.slice(0, MAX_TEXT);
  }
  return out;
}

/**
 * A call's entry: what was asked, then what came back, leaving out an answer
 * field that only repeats the input (a setting set to 30 answers 30).
 */
export function summarizeCall(input: unknown, result: { ok: true; value: unknown } | { ok: false }): Summary {
  const out = summarizeInput(input);
  if (!result.ok) return out;
  for (const [k, v] of Object.entries(summarizeResult(result.value)))
    if (out[k.slice('result.'.length)] !== v) out[k] = v;
  return out;
}

/**
 * Writes audit entries, many at once: the entries recorded while the previous
 * write ran (or in the same turn of the event loop) go in one transaction, and
 * each record() resolves once its entry is stored — a REST client emitting
 * thousands of deliveries a second writes a few transactions a second here,
 * not one per call. A write that fails is logged, and never fails the calls
 * that were already carried out.
 */
export class AuditLog {
  private queue: { entry: NewAuditEntry; stored: () => void }[] = [];
  private writing: Promise<void> | null = null;

  constructor(
    private readonly store: () => AccountsStore | null,
    private readonly now: () => number,
    private readonly log: Logger,
  ) {}

  record(actor: AuditActor, door: Door, action: string, summary: Summary, outcome: string): Promise<void> {
    return new Promise((stored) => {
      this.queue.push({ entry: { at: this.now(), actor, door, action, summary, outcome }, stored });
      this.writing ??= new Promise<void>((resolve) => setImmediate(resolve)).then(() => this.writeQueued());
    });
  }

  /** Resolves once every entry recorded so far is stored (or reported as lost). */
  async flush(): Promise<void> {
    while (this.writing) await this.writing;
  }

  private async writeQueued(): Promise<void> {
    while (this.queue.length) {
      const batch = this.queue;
      this.queue = [];
      const store = this.store();
      try {
        if (!store) throw new Error('the accounts store is not open');
        await store.appendAudit(batch.map((b) => b.entry));
      } catch (err) {
        for (const { entry } of batch)
          this.log.error(`audit: ${entry.action} by ${entry.actor.label} could not be recorded`, err);
      }
      for (const b of batch) b.stored();
    }
    this.writing = null;
  }
}
