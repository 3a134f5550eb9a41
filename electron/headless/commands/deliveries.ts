import type { Command } from 'commander';
import type { ExchangeSummary, ExchangePage } from '../../../shared/model/exchange';
import { connect, withConnectionOptions, type ConnectionOptions } from '../api-client';
import { intOption, type CliIo } from '../cli-io';
import { toLogFilter, withLogFilterOptions, type LogFilterFlags } from '../exchange-filter-options';
import { LOG_FILTER_FLAGS, table, valueOrFlagError } from './flag-errors';

type ListArgs = ConnectionOptions & LogFilterFlags & { limit: number; json?: boolean };

/** The API's page cap; longer lists walk the keyset cursor. */
const PAGE = 500;

function row(e: ExchangeSummary): string[] {
  return [
    e.time.replace('T', ' ').slice(0, 19),
    e.kind,
    e.eventType ?? '-',
    e.outcome,
    e.status === null ? '-' : String(e.status),
    e.durationMs === null ? '-' : `${e.durationMs < 10 ? e.durationMs.toFixed(1) : Math.round(e.durationMs)} ms`,
    String(e.attempts),
    e.id,
    e.target,
  ];
}

export function register(program: Command, io: CliIo): void {
  const list = program
    .command('deliveries')
    .description('Read the exchange store (deliveries and captures, newest first)')
    .command('list')
    .usage('[--outcome failed] [--since 1h] [--event E] [--kind delivery] [--limit N] [--json]')
    .description('List log entries matching the filter flags, newest first (as the Deliveries view shows them)');
  withLogFilterOptions(withConnectionOptions(list))
    .option('--limit <n>', 'at most this many entries', intOption('--limit', 1, 100_000), 50)
    .option('--json', 'print a JSON array of entries')
    .action(async (o: ListArgs) => {
      const client = connect(o);
      const filter = toLogFilter(o);
      const items: ExchangeSummary[] = [];
      let cursor: string | null = null;
      do {
        const page: ExchangePage = valueOrFlagError(
          await client.call('queryExchanges', { ...filter, limit: Math.min(PAGE, o.limit - items.length), cursor }),
          { ...LOG_FILTER_FLAGS, limit: '--limit' },
        );
        items.push(...page.items);
        cursor = page.nextCursor;
      } while (cursor && items.length < o.limit);
      if (o.json) return io.out(JSON.stringify(items, null, 2));
      if (!items.length) return io.out('Nothing in the log matches.');
      io.out(
        table(
          ['TIME (UTC)', 'KIND', 'EVENT', 'OUTCOME', 'STATUS', 'DURATION', 'TRIES', 'ID', 'TARGET'],
          items.map(row),
        ),
      );
      if (cursor) io.err(`(first ${items.length}; raise --limit for more)`);
    });
}
