import type { Command } from 'commander';
import { listEvents } from '../../../shared/catalog';
import type { CliIo } from '../cli-io';
import { providerArg } from './signing-args';

export function register(program: Command, io: CliIo): void {
  const cmd = program
    .command('events')
    .usage('[--provider P] [--json]')
    .description('List the event catalog of one provider, or of all.')
    .option('--provider <profile>', 'only this provider')
    .option('--json', 'print JSON')
    .action((args: { provider?: string; json?: boolean }) => {
      const events = listEvents(args.provider ? providerArg(cmd, args.provider) : undefined);
      if (args.json) return io.out(JSON.stringify(events, null, 2));
      const width = Math.max(...events.map((e) => e.name.length));
      const lines = events.map(
        (e) => `${args.provider ? '' : `${e.provider.padEnd(18)} `}${e.name.padEnd(width)}  ${e.description}`,
      );
      io.out(lines.join('\n'));
    });
}
