import type { Command } from 'commander';
import { connect, valueOrThrow, withConnectionOptions, type ConnectionOptions } from '../api-client';
import type { CliIo } from '../cli-io';

type Opts = ConnectionOptions & { json?: boolean };

export function register(program: Command, io: CliIo): void {
  const keys = program.command('keys').description('Manage API keys for the REST APIs (/api/v1, /api/webhook)');

  withConnectionOptions(
    keys
      .command('create')
      .description('Create an API key; it is printed once')
      .argument('<name>', 'a name to recognise it by, e.g. "ci"'),
  )
    .option('--json', 'print JSON')
    .action(async (name: string, o: Opts) => {
      const created = valueOrThrow(await connect(o).call('createApiKey', { name }));
      if (o.json) io.out(JSON.stringify(created, null, 2));
      else io.out(`${created.key}\n(shown once — store it now; id ${created.id})`);
    });

  withConnectionOptions(keys.command('list').description('List API keys (names and hints only)'))
    .option('--json', 'print JSON')
    .action(async (o: Opts) => {
      const list = valueOrThrow(await connect(o).call('listApiKeys', undefined));
      if (o.json) return io.out(JSON.stringify(list, null, 2));
      if (list.length === 0) return io.out('No API keys. Create one with "hookbench keys create <name>".');
      for (const k of list) io.out(`${k.id}  …${k.hint}  ${k.name}  created ${k.createdAt}`);
    });

  withConnectionOptions(
    keys.command('revoke').description('Revoke an API key').argument('<id>', 'the key id from "keys list"'),
  )
    .option('--json', 'print JSON')
    .action(async (id: string, o: Opts) => {
      const result = valueOrThrow(await connect(o).call('revokeApiKey', { id }));
      io.out(o.json ? JSON.stringify(result) : `Revoked ${id}.`);
    });
}
