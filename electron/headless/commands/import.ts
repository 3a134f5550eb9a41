import { readFile } from 'node:fs/promises';
import type { Command } from 'commander';
import { connect, valueOrThrow, withConnectionOptions, type ConnectionOptions } from '../api-client';
import { UsageError, type CliIo } from '../cli-io';

export function register(program: Command, io: CliIo): void {
  withConnectionOptions(
    program
      .command('import')
      .description('Import a Hookbench JSON/NDJSON export or a HAR file into the log')
      .argument('<file>', 'the file to import'),
  )
    .option('--json', 'print the result as JSON')
    .action(async (file: string, o: ConnectionOptions & { json?: boolean }) => {
      let content: string;
      try {
        content = await readFile(file, 'utf8');
      } catch (err) {
        throw new UsageError(`Cannot read ${file}: ${(err as NodeJS.ErrnoException).code ?? (err as Error).message}.`);
      }
      const result = valueOrThrow(await connect(o).call('importExchanges', { content }));
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
