import type { Command } from 'commander';
import { samplePayload, UnknownEventError } from '../../../shared/catalog';
import { intOption, type CliIo } from '../cli-io';
import { writeOutputFile } from '../output-file';
import { providerArg, usage } from './signing-args';

export function register(program: Command, io: CliIo): void {
  const cmd = program
    .command('payload')
    .usage('--provider P --event E [--seed N] [options]')
    .description(
      'Print a sample body for an event, exactly as the provider would send it (pipe it into `hookbench sign --body -`).',
    )
    .requiredOption('--provider <profile>', 'provider')
    .requiredOption('--event <name>', 'event name (see hookbench events)')
    .option('--seed <n>', 'seed for the fake data; same seed, same payload', intOption('--seed', 0, 2 ** 32 - 1))
    .option(
      '--base-time <unix>',
      "Unix seconds the sample's times derive from (default: a fixed date)",
      intOption('--base-time', 0, 2 ** 40),
    )
    .option('--pretty', 'indent the JSON (changes the bytes: sign the compact form)')
    .option('--out <file>', 'write the exact body bytes to a file (stdout adds a final newline)')
    .action(
      async (args: {
        provider: string;
        event: string;
        seed?: number;
        baseTime?: number;
        pretty?: boolean;
        out?: string;
      }) => {
        const provider = providerArg(cmd, args.provider);
        try {
          const sample = samplePayload(provider, args.event, {
            ...(args.seed !== undefined ? { seed: args.seed } : {}),
            ...(args.baseTime !== undefined ? { baseTime: args.baseTime * 1000 } : {}),
          });
          const text = args.pretty ? JSON.stringify(JSON.parse(sample.body), null, 2) : sample.body;
          if (args.out) await writeOutputFile(args.out, text, '--out');
          else io.out(text);
        } catch (err) {
          if (err instanceof UnknownEventError) throw usage(cmd, err.message);
          throw err;
        }
      },
    );
}
