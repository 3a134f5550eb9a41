import type { Command } from 'commander';
import { connect, valueOrThrow, withConnectionOptions, type ConnectionOptions } from '../api-client';
import type { CliIo } from '../cli-io';
import { valueOrFlagError } from './flag-errors';

type Opts = ConnectionOptions & { json?: boolean };

export function register(program: Command, io: CliIo): void {
  const keys = program.command('keys').description('Manage API keys for the REST APIs (/api/v1, /api/webhook)');

  withConnectionOptions(
    keys
      .command('create')
      .description('Create an API key; it is printed once')
      .argument('<name>', 'a name to recognise it by, e.g. "ci"'),
  )
    .option(
      '--user <email>',
      "the account the key acts for, with that account's role (default: the local owner, an admin)",
    )
    .option('--json', 'print JSON')
    .action(async (name: string, o: Opts & { user?: string }) => {
      const created = valueOrFlagError(
        await connect(o).call('createApiKey', { name, ...(o.user !== undefined ? { user: o.user } : {}) }),
        { user: '--user', name: '<name>' },
      );
      if (o.json) io.out(JSON.stringify(created, null, 2));
      else
        io.out(
          `${created.key}\n(shown once — store it now; id ${created.id}; acts ${created.user ? `for ${created.user.email} as ${created.user.role}` : 'as the local owner (admin)'})`,
        );
    });

  withConnectionOptions(keys.command('list').description('List API keys (names and hints only)'))
    .option('--json', 'print JSON')
    .action(async (o: Opts) => {
      const list = valueOrThrow(await connect(o).call('listApiKeys', undefined));
      if (o.json) return io.out(JSON.stringify(list, null, 2));
      if (list.length === 0) return io.out('No API keys. Create one with "hookbench keys create <name>".');
      for (const k of list)
        io.out(
          `${k.id}  …${k.hint}  ${k.name}  ${k.user ? `${k.user.email} (${k.user.role}${k.user.disabled ? ', disabled' : ''})` : 'local owner (admin)'}  created ${k.createdAt}`,
        );
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
