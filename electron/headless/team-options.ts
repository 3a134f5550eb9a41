import type { Command } from 'commander';
import type { DatabaseOptions, SecretBox } from '../core/store';
import { teamSecretBox, TeamKeyError } from '../core/store/team-key';
import { UsageError } from './cli-io';

export interface TeamFlags {
  database?: string;
  secretKeyFile?: string;
  migrate?: boolean;
}

/** `--database` and `--secret-key-file`, with the variables that stand in for them. */
export function withDatabaseOption<C extends Command>(command: C): C {
  command.option(
    '--database <url>',
    'team mode: the shared PostgreSQL database, postgres://user:password@host:5432/db (default: $HOOKBENCH_DATABASE_URL)',
  );
  return command;
}

/** The database URL from the flag or HOOKBENCH_DATABASE_URL; a URL that is not PostgreSQL's is a usage error. */
export function databaseUrl(flags: TeamFlags, env: NodeJS.ProcessEnv = process.env): string | null {
  const raw = flags.database ?? (env.HOOKBENCH_DATABASE_URL || undefined);
  if (raw === undefined) return null;
  const flag = flags.database !== undefined ? '--database' : 'HOOKBENCH_DATABASE_URL';
  // Not WHATWG-parsed: PostgreSQL URLs may name a unix socket directory instead of a host (postgres://u@/db?host=/run/x).
  if (!/^postgres(ql)?:\/\/\S*$/.test(raw))
    throw new UsageError(`${flag}: use a PostgreSQL URL, postgres://user:password@host:5432/database.`);
  return raw;
}

/** Team mode's options for the core: the database and the key every node shares (refused without one). */
export function teamMode(
  flags: TeamFlags,
  env: NodeJS.ProcessEnv = process.env,
): { database: DatabaseOptions; secretBox: SecretBox } | null {
  const url = databaseUrl(flags, env);
  if (url === null) return null;
  let secretBox: SecretBox;
  try {
    secretBox = teamSecretBox({
      env: env.HOOKBENCH_SECRET_KEY,
      file: flags.secretKeyFile ?? (env.HOOKBENCH_SECRET_KEY_FILE || undefined),
    });
  } catch (err) {
    if (err instanceof TeamKeyError) throw new UsageError(err.message);
    throw err;
  }
  return { database: { url, ...(flags.migrate === false ? { migrate: false } : {}) }, secretBox };
}
