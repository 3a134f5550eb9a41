import { stat } from 'node:fs/promises';
import { readFile } from 'node:fs/promises';
import type { Command } from 'commander';
import type { ImportResult } from '../../../shared/api/methods/transfer';
import { connect, valueOrThrow, withConnectionOptions, type ConnectionOptions } from '../api-client';
import { UsageError, type CliIo } from '../cli-io';
import { IMPORT_BATCH_BYTES, importBatches } from '../import-batches';

/**
 * A file small enough goes in one call, as read; a larger one is streamed in
 * batches of whole records, so no file is ever held in memory whole (a 120 MB
 * export used to fail with "Invalid string length").
 */
async function importFile(file: string, call: (content: string) => Promise<ImportResult>, io: CliIo) {
  const total: ImportResult = { format: 'ndjson', imported: 0, skipped: 0, problems: [] };
  const size = (await stat(file)).size;
  if (size <= IMPORT_BATCH_BYTES) return call(await readFile(file, 'utf8'));
  let batches = 0;
  try {
    for await (const batch of importBatches(file)) {
      const r = await call(batch.content);
      batches++;
      total.format = batch.format;
      total.imported += r.imported;
      total.skipped += r.skipped;
      total.problems.push(...r.problems.map((p) => `records from #${batch.first}: ${p}`));
      io.err(`imported ${total.imported + total.skipped} records…`);
    }
  } catch (err) {
    if (err instanceof UsageError) throw err;
    throw new UsageError(`Cannot import ${file}: ${(err as Error).message}.`);
  }
  if (!batches) throw new UsageError(`Cannot import ${file}: it holds no records.`);
  return total;
}

export function register(program: Command, io: CliIo): void {
  withConnectionOptions(
    program
      .command('import')
      .description('Import a Hookbench JSON/NDJSON export or a HAR file into the log')
      .argument('<file>', 'the file to import'),
  )
    .option('--json', 'print the result as JSON')
    .action(async (file: string, o: ConnectionOptions & { json?: boolean }) => {
      try {
        if (!(await stat(file)).isFile()) throw new UsageError(`Cannot read ${file}: it is not a file.`);
      } catch (err) {
        if (err instanceof UsageError) throw err;
        throw new UsageError(`Cannot read ${file}: ${(err as NodeJS.ErrnoException).code ?? (err as Error).message}.`);
      }
      const client = connect(o);
      const result = await importFile(
        file,
        async (content) => valueOrThrow(await client.call('importExchanges', { content })),
        io,
      );
      if (o.json) io.out(JSON.stringify(result, null, 2));
      else {
        io.out(
          `Imported ${result.imported} exchanges from ${result.format}${result.skipped ? `, skipped ${result.skipped} already in the log` : ''}.`,
        );
        for (const p of result.problems) io.err(`warning: ${p}`);
      }
      if (result.problems.length) io.setExitCode(1);
    });
}
