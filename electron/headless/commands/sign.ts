import type { Command } from 'commander';
import { sign, SigningInputError } from '../../core/signing';
import { intOption, type CliIo } from '../cli-io';
import {
  addSigningOptions,
  customArg,
  keysArg,
  providerArg,
  readBody,
  secretsArg,
  usage,
  type SigningArgs,
} from './signing-args';

interface SignArgs extends SigningArgs {
  id?: string;
  timestamp?: number;
  body: string;
  event?: string;
}

export function register(program: Command, io: CliIo): void {
  const cmd = program
    .command('sign')
    .usage('--provider P --secret S [--id ID] [--timestamp UNIX] --body FILE|- [options]')
    .description(
      'Sign a body like the provider does and print the headers as JSON (for Kinde, { headers, body }: the body is the signed JWT).',
    );
  addSigningOptions(cmd)
    .requiredOption('--body <file>', 'body file, or - for stdin (signed byte for byte)')
    .option('--id <id>', 'message id (default: a new msg_… id)')
    .option('--timestamp <unix>', 'Unix seconds (default: now)', intOption('--timestamp', 0, 2 ** 40))
    .option('--event <name>', 'event name (Frontegg eventKey claim, GitHub X-GitHub-Event)')
    .action(async (args: SignArgs) => {
      const profile = providerArg(cmd, args.provider);
      const body = await readBody(cmd, args.body, args.binary);
      const keys = await keysArg(cmd, args.key);
      try {
        const out = await sign({
          profile,
          body,
          secrets: secretsArg(args),
          ...(args.id ? { id: args.id } : {}),
          ...(args.timestamp !== undefined ? { timestamp: args.timestamp } : {}),
          ...(args.event ? { event: args.event } : {}),
          ...(keys ? { keys } : {}),
          ...(args.custom ? { custom: customArg(cmd, args.custom)! } : {}),
        });
        // Kinde's body is the signed JWT itself: then the body to send comes with the headers.
        io.out(
          JSON.stringify(out.body !== undefined ? { headers: out.headers, body: out.body } : out.headers, null, 2),
        );
      } catch (err) {
        if (err instanceof SigningInputError) throw usage(cmd, err.message);
        throw err;
      }
    });
}
