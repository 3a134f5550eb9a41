import type { Command } from 'commander';
import type { ExchangeDetail } from '../../../shared/model/exchange';
import type { ExportPage } from '../../../shared/api/methods/transfer';
import { toExportDocument, toNdjsonLines } from '../../../shared/export/exchange-file';
import { toHar } from '../../../shared/export/har';
import { exchangeCurl } from '../../../shared/export/curl';
import { appVersion } from '../../core/version';
import { connect, valueOrThrow, withConnectionOptions, type ConnectionOptions } from '../api-client';
import { UsageError, type CliIo } from '../cli-io';
import { toLogFilter, withLogFilterOptions, type LogFilterFlags } from '../exchange-filter-options';
import { openOutput, stdoutOutput, type Output } from '../output-file';

const FORMATS = ['har', 'json', 'ndjson', 'curl'] as const;
type Format = (typeof FORMATS)[number];

/** Captures go to your app: point the URL elsewhere if it does not listen there. */
const curlOf = (e: ExchangeDetail) => exchangeCurl(e, 'http://localhost:3000');

const MARK = '\u0000items';

/**
 * A pretty-printed JSON document whose one big array is written a page at a
 * time: the document is printed once with a marker in the array, and each item
 * is printed at the marker's indentation. Same text as printing it whole.
 */
function arrayDocument(shell: unknown): {
  start: string;
  item(value: unknown, first: boolean): string;
  end(n: number): string;
} {
  const text = JSON.stringify(shell, null, 2);
  const at = text.indexOf(JSON.stringify(MARK));
  const lineStart = text.lastIndexOf('\n', at) + 1;
  const indent = text.slice(lineStart, at);
  const open = text.lastIndexOf('[', lineStart);
  const close = text.indexOf(']', at);
  const closeLineStart = text.lastIndexOf('\n', close) + 1;
  return {
    start: text.slice(0, open + 1),
    item: (value, first) =>
      `${first ? '' : ','}\n${indent}${JSON.stringify(value, null, 2).replace(/\n/g, `\n${indent}`)}`,
    end: (n) => `${n ? `\n${text.slice(closeLineStart, close)}` : ''}${text.slice(close)}\n`,
  };
}

interface Encoder {
  start: string;
  page(exchanges: ExchangeDetail[]): string;
  end(): string;
}

function encoder(format: Format): Encoder {
  let n = 0;
  const doc = (shell: unknown, itemsOf: (page: ExchangeDetail[]) => unknown[]): Encoder => {
    const d = arrayDocument(shell);
    return {
      start: d.start,
      page: (exchanges) =>
        itemsOf(exchanges)
          .map((item) => d.item(item, n++ === 0))
          .join(''),
      end: () => d.end(n),
    };
  };
  switch (format) {
    case 'json':
      return doc({ ...toExportDocument([], new Date().toISOString()), exchanges: [MARK] }, (page) => page);
    case 'har': {
      const shell = toHar([], appVersion());
      return doc({ log: { ...shell.log, entries: [MARK] } }, (page) => toHar(page, appVersion()).log.entries);
    }
    case 'ndjson':
      return { start: '', page: (exchanges) => toNdjsonLines(exchanges), end: () => '' };
    case 'curl':
      return {
        start: '',
        page: (exchanges) => exchanges.map((e) => `${n++ ? '\n\n' : ''}${curlOf(e)}`).join(''),
        end: () => (n ? '\n' : ''),
      };
  }
}

export function register(program: Command, io: CliIo): void {
  withLogFilterOptions(
    withConnectionOptions(
      program
        .command('export')
        .description('Export log entries as HAR, Hookbench JSON, NDJSON fixtures or curl commands'),
    ),
  )
    .option('--format <format>', `one of ${FORMATS.join(', ')}`, 'json')
    .option('--id <id...>', 'only these exchanges')
    .option('--limit <n>', 'at most this many exchanges', (v) => Number(v))
    .option('-o, --out <file>', 'write to a file instead of stdout')
    .action(
      async (
        o: ConnectionOptions & LogFilterFlags & { format: string; id?: string[]; limit?: number; out?: string },
      ) => {
        if (!FORMATS.includes(o.format as Format))
          throw new UsageError(`--format must be one of ${FORMATS.join(', ')} (got "${o.format}").`);
        if (o.limit !== undefined && (!Number.isInteger(o.limit) || o.limit < 1))
          throw new UsageError('--limit must be a positive integer.');
        const client = connect(o);
        const filter = toLogFilter(o);
        // The output is opened first, so a path that cannot be written is refused before anything is fetched.
        const out: Output = o.out ? await openOutput(o.out, '--out') : stdoutOutput();
        const enc = encoder(o.format as Format);
        let count = 0;
        try {
          await out.write(enc.start);
          let cursor: string | null = null;
          do {
            const pageSize = Math.min(200, o.limit ? o.limit - count : 200);
            const page: ExportPage = valueOrThrow(
              await client.call('exportExchanges', o.id ? { ids: o.id } : { ...filter, limit: pageSize, cursor }),
            );
            await out.write(enc.page(page.exchanges));
            count += page.exchanges.length;
            cursor = page.nextCursor;
            io.err(`exported ${count}…`);
          } while (cursor && (!o.limit || count < o.limit));
          await out.write(enc.end());
          await out.close();
        } catch (err) {
          await out.abort();
          throw err;
        }
        if (o.out) io.err(`Wrote ${count} exchanges to ${o.out}.`);
      },
    );
}
