import type { Command } from 'commander';
import pg from 'pg';
import { clientConfig, redactUrl } from '../../core/store/postgres/pg-client';
import { migrate, NewerDatabaseError, schemaStatus } from '../../core/store/postgres/pg-migrate';
import { appVersion } from '../../core/version';
import { EXIT_FAILED, UsageError, type CliIo } from '../cli-io';
import { databaseUrl, withDatabaseOption, type TeamFlags } from '../team-options';

type Opts = TeamFlags & { json?: boolean };

function urlOf(o: Opts): string {
  const url = databaseUrl(o);
  if (!url)
    throw new UsageError('--database: which database? Pass --database postgres://… or set HOOKBENCH_DATABASE_URL.');
  return url;
}

async function withClient<T>(url: string, io: CliIo, work: (c: pg.Client) => Promise<T>): Promise<T | null> {
  const client = new pg.Client(clientConfig(url, { connectionTimeoutMillis: 10_000 }));
  try {
    await client.connect();
  } catch (err) {
    io.err(`Cannot reach the database ${redactUrl(url)}: ${(err as Error).message}`);
    io.setExitCode(EXIT_FAILED);
    return null;
  }
  try {
    return await work(client);
  } finally {
    await client.end().catch(() => undefined);
  }
}

/**
 * `hookbench db status|migrate`: team mode's database schema, run from any
 * machine that reaches the database (no Hookbench needs to be running). Exit
 * 0 when the schema is this Hookbench's (status) or was brought to it
 * (migrate); 1 when it is behind or newer, or the database cannot be reached; 2
 * for a usage mistake.
 */
export function register(program: Command, io: CliIo): void {
  const db = program.command('db').description("Team mode's shared database: schema status and migrations");

  withDatabaseOption(db.command('status').description("Show the database's schema version against this Hookbench's"))
    .option('--json', 'print JSON')
    .action(async (o: Opts) => {
      const url = urlOf(o);
      await withClient(url, io, async (c) => {
        const s = await schemaStatus(c);
        const state = s.current === s.latest ? 'current' : s.current > s.latest ? 'newer' : 'behind';
        if (o.json) io.out(JSON.stringify({ ...s, state }));
        else if (state === 'current') io.out(`Schema ${s.current}: current (${redactUrl(url)}).`);
        else if (state === 'newer')
          io.out(`Schema ${s.current} is newer than this Hookbench's (${s.latest}): upgrade Hookbench.`);
        else
          io.out(
            `Schema ${s.current} of ${s.latest}: ${s.pending.length} migration(s) pending; run "hookbench db migrate".`,
          );
        if (state !== 'current') io.setExitCode(EXIT_FAILED);
      });
    });

  withDatabaseOption(db.command('migrate').description('Bring the database to this Hookbench’s schema'))
    .option('--json', 'print JSON')
    .action(async (o: Opts) => {
      const url = urlOf(o);
      await withClient(url, io, async (c) => {
        try {
          const applied = await migrate(c, appVersion());
          const s = await schemaStatus(c);
          if (o.json) io.out(JSON.stringify({ applied, current: s.current }));
          else if (applied.length)
            io.out(`Applied migration(s) ${applied.join(', ')}; schema ${s.current} is current.`);
          else io.out(`Schema ${s.current} was already current; nothing to do.`);
        } catch (err) {
          if (!(err instanceof NewerDatabaseError)) throw err;
          io.err(`Refused: ${err.message}.`);
          io.setExitCode(EXIT_FAILED);
        }
      });
    });
}
