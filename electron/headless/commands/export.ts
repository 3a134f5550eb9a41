import { createWriteStream } from 'node:fs';
import type { Command } from 'commander';
import type { ExchangeDetail } from '../../../shared/model/exchange';
import type { ExportPage } from '../../../shared/api/methods/transfer';
import { toExportDocument, toNdjsonLines } from '../../../shared/export/exchange-file';
import { toHar } from '../../../shared/export/har';
import { toCurl } from '../../../shared/export/curl';
import { appVersion } from '../../core/version';
import { connect, valueOrThrow, withConnectionOptions, type ConnectionOptions } from '../api-client';
import { UsageError, type CliIo } from '../cli-io';
import { toLogFilter, withLogFilterOptions, type LogFilterFlags } from '../exchange-filter-options';

const FORMATS = ['har', 'json', 'ndjson', 'curl'] as const;
type Format = (typeof FORMATS)[number];

function curlOf(e: ExchangeDetail): string {
  if (e.kind === 'delivery')
    return `# delivery ${e.delivery.id} (${e.delivery.eventType})\n${toCurl({ ...e.delivery.request, url: e.delivery.targetUrl })}`;
  const c = e.capture;
  return `# capture ${c.id} (inbox ${c.inboxId}); point the URL at your app\n${toCurl({ method: c.method, url: `http://localhost:3000${c.path}${c.query ? `?${c.query.replace(/^\?/, '')}` : ''}`, headers: c.headers, body: c.body })}`;
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
        const exchanges: ExchangeDetail[] = [];
        let cursor: string | null = null;
        do {
          const pageSize = Math.min(200, o.limit ? o.limit - exchanges.length : 200);
          const page: ExportPage = valueOrThrow(
            await client.call('exportExchanges', o.id ? { ids: o.id } : { ...filter, limit: pageSize, cursor }),
          );
          exchanges.push(...page.exchanges);
          cursor = page.nextCursor;
          io.err(`exported ${exchanges.length}…`);
        } while (cursor && (!o.limit || exchanges.length < o.limit));

        const format = o.format as Format;
        const text =
          format === 'har'
            ? JSON.stringify(toHar(exchanges, appVersion()), null, 2)
            : format === 'json'
              ? JSON.stringify(toExportDocument(exchanges, new Date().toISOString()), null, 2)
              : format === 'ndjson'
                ? toNdjsonLines(exchanges)
                : exchanges.map(curlOf).join('\n\n');
        if (o.out) {
          await new Promise<void>((resolve, reject) =>
            createWriteStream(o.out!).on('error', reject).end(text, resolve),
          );
          io.err(`Wrote ${exchanges.length} exchanges to ${o.out}.`);
        } else io.out(text);
      },
    );
}
