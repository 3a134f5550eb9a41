import { createReadStream } from 'node:fs';
import { JsonArrayStream } from './json-array-stream';

/** What one importExchanges call carries: well under the API's body limit. */
export const IMPORT_BATCH_BYTES = 8 * 1024 * 1024;

export interface ImportBatch {
  content: string;
  /** The file's format (a batch of a Hookbench JSON export travels as NDJSON). */
  format: 'hookbench-json' | 'ndjson' | 'har';
  /** Records in this batch, and where the first sits in the file (1-based), for messages. */
  count: number;
  first: number;
}

/** Yields the file as text, a piece at a time. */
async function* pieces(path: string): AsyncGenerator<string> {
  for await (const chunk of createReadStream(path, { encoding: 'utf8', highWaterMark: 1024 * 1024 }))
    yield chunk as string;
}

function* grouped(
  records: string[],
  wrap: (records: string[]) => string,
  first: number,
  format: ImportBatch['format'],
): Generator<ImportBatch> {
  let start = 0;
  let size = 0;
  for (let i = 0; i < records.length; i++) {
    size += records[i]!.length + 1;
    if (size >= IMPORT_BATCH_BYTES || i === records.length - 1) {
      const part = records.slice(start, i + 1);
      yield { content: wrap(part), count: part.length, first: first + start, format };
      start = i + 1;
      size = 0;
    }
  }
}

const ndjson = (records: string[]) => records.join('\n') + '\n';
/** HAR entries go back in a HAR of their own; entries that only refer to an earlier one are skipped by the importer. */
const har = (records: string[]) => `{"log":{"version":"1.2","entries":[${records.join(',')}]}}`;
/** A pretty-printed export record spans lines: compacted, it is one NDJSON line. */
const compact = (text: string) => {
  try {
    return JSON.stringify(JSON.parse(text));
  } catch {
    return text.replace(/\n/g, ' ');
  }
};

/**
 * Splits a Hookbench JSON or NDJSON export, or a HAR file, of any size into
 * importable batches without holding the file (or all its records) in memory:
 * NDJSON by lines, documents by the elements of their `exchanges` or
 * `log.entries` array. Throws a message for a file that is neither.
 */
export async function* importBatches(path: string): AsyncGenerator<ImportBatch> {
  const source = pieces(path);
  let head = '';
  let mode: 'ndjson' | 'document' | null = null;
  const stream = new JsonArrayStream([['exchanges'], ['log', 'entries']]);
  let pending: string[] = [];
  let pendingSize = 0;
  let seen = 0;
  let partial = '';
  const flush = function* (wrap: (r: string[]) => string, force: boolean): Generator<ImportBatch> {
    if (!pending.length || (!force && pendingSize < IMPORT_BATCH_BYTES)) return;
    const format = mode === 'ndjson' ? 'ndjson' : stream.found === 'log.entries' ? 'har' : 'hookbench-json';
    yield* grouped(pending, wrap, seen - pending.length + 1, format);
    pending = [];
    pendingSize = 0;
  };
  const add = (record: string) => {
    pending.push(record);
    pendingSize += record.length + 1;
    seen++;
  };
  for await (let piece of source) {
    if (mode === null) {
      head += piece;
      const newline = head.indexOf('\n');
      if (newline < 0 && head.length < 1024 * 1024) continue;
      const firstLine = (newline < 0 ? head : head.slice(0, newline)).trim();
      let lineIsJson = false;
      try {
        lineIsJson = typeof JSON.parse(firstLine) === 'object';
      } catch {
        lineIsJson = false;
      }
      mode = lineIsJson ? 'ndjson' : 'document';
      piece = head;
      head = '';
    }
    if (mode === 'ndjson') {
      const lines = (partial + piece).split('\n');
      partial = lines.pop()!;
      for (const line of lines) if (line.trim()) add(line);
      yield* flush(ndjson, false);
    } else {
      for (const element of stream.push(piece)) add(stream.found === 'log.entries' ? element : compact(element));
      yield* flush(stream.found === 'log.entries' ? har : ndjson, false);
    }
  }
  if (mode === null && head.trim()) mode = 'ndjson';
  if (mode === 'ndjson' && partial.trim()) add(partial);
  if (mode === 'document' && !stream.found)
    throw new Error('it is neither a Hookbench export nor a HAR file (no "exchanges" array and no log.entries)');
  yield* flush(stream.found === 'log.entries' ? har : ndjson, true);
}
