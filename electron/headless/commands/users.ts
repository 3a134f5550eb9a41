import { hostname, userInfo } from 'node:os';
import type { Command } from 'commander';
import { emailSchema } from '../../../shared/api/methods/accounts';
import { AppFailure } from '../../../shared/api/result';
import { roles, type AuditActor, type Role, type User } from '../../../shared/model/account';
import { AuditLog } from '../../core/accounts/audit';
import { UserDirectory } from '../../core/accounts/users';
import { systemClock } from '../../core/clock';
import { DataDirError, defaultDataDir, ensureDataDir, requireFileSlot } from '../../core/data-dir';
import { createStreamLogger } from '../../core/log';
import { ACCOUNTS_DB_FILE, openAccountsAlone } from '../../core/store/accounts/open-accounts';
import { AccountsFileError } from '../../core/store/accounts/sqlite-accounts-store';
import type { AccountsStore } from '../../core/store/accounts/accounts-store';
import { NewerDatabaseError, OutdatedDatabaseError } from '../../core/store/postgres/pg-migrate';
import { redactUrl } from '../../core/store/postgres/pg-client';
import { appVersion } from '../../core/version';
import { UsageError, type CliIo } from '../cli-io';
import { databaseUrl, withDatabaseOption } from '../team-options';
import { table } from './flag-errors';

interface Where {
  dataDir?: string;
  database?: string;
  json?: boolean;
}

/**
 * Where the accounts are: `--database` (team mode's shared database), else
 * `--data-dir`, else HOOKBENCH_DATABASE_URL, else the default data dir.
 */
function accountsLocation(o: Where): { dataDir: string } | { databaseUrl: string } {
  if (o.database !== undefined && o.dataDir !== undefined)
    throw new UsageError(
      '--data-dir and --database name two places: give one (the database holds team mode’s accounts).',
    );
  const url = o.dataDir !== undefined ? null : databaseUrl(o);
  return url !== null ? { databaseUrl: url } : { dataDir: o.dataDir ?? defaultDataDir() };
}

async function openAt(where: { dataDir: string } | { databaseUrl: string }): Promise<AccountsStore> {
  if ('dataDir' in where) {
    try {
      ensureDataDir(where.dataDir);
      requireFileSlot(where.dataDir, ACCOUNTS_DB_FILE);
      return await openAccountsAlone(where);
    } catch (err) {
      if (err instanceof DataDirError || err instanceof AccountsFileError)
        throw new UsageError(`--data-dir: ${err.message}`);
      throw err;
    }
  }
  try {
    return await openAccountsAlone({ databaseUrl: where.databaseUrl, appVersion: appVersion() });
  } catch (err) {
    // Behind or newer: a state of the database, said as such (exit 1); anything else is one it cannot reach.
    if (err instanceof NewerDatabaseError || err instanceof OutdatedDatabaseError)
      throw new Error(`${redactUrl(where.databaseUrl)}: ${err.message}.`);
    throw new Error(`Cannot reach the database ${redactUrl(where.databaseUrl)}: ${(err as Error).message}`);
  }
}

/** The OS account running the command: what the audit log records for changes made here. */
function cliActor(): AuditActor {
  let who = 'unknown';
  try {
    who = userInfo().username;
  } catch {
    // no passwd entry (some containers): keep "unknown"
  }
  return { kind: 'cli', userId: null, label: `CLI (${who}@${hostname()})`, role: 'admin' };
}

/**
 * Opens the accounts where they live — no running Hookbench needed, and safe
 * while one runs (SQLite's own locking; the database's transactions) — and
 * closes them after `work`.
 */
async function withAccounts<T>(
  o: Where,
  work: (users: UserDirectory, audit: (action: string, summary: Record<string, string>) => Promise<void>) => Promise<T>,
): Promise<T> {
  const store = await openAt(accountsLocation(o));
  const log = createStreamLogger();
  const auditLog = new AuditLog(
    () => store,
    () => systemClock.now(),
    log,
  );
  const actor = cliActor();
  try {
    return await work(new UserDirectory(store, systemClock), (action, summary) =>
      auditLog.record(actor, 'cli', action, summary, 'ok'),
    );
  } catch (err) {
    if (err instanceof AppFailure && err.code !== 'internal' && err.code !== 'unavailable')
      throw new UsageError(err.message);
    throw err;
  } finally {
    await store.close();
  }
}

function email(value: string): string {
  const parsed = emailSchema.safeParse(value);
  if (!parsed.success) throw new UsageError(`<email>: "${value}" is not an email address.`);
  return parsed.data;
}

function role(value: string): Role {
  if (!(roles as readonly string[]).includes(value))
    throw new UsageError(`--role must be one of ${roles.join(', ')} (got "${value}").`);
  return value as Role;
}

/** The whole of stdin, without the one line break `echo` or a here-string adds. */
async function passwordFromStdin(): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of process.stdin) chunks.push(chunk as Buffer);
  const text = Buffer.concat(chunks)
    .toString('utf8')
    .replace(/\r?\n$/, '');
  if (!text) throw new UsageError('--password-stdin: nothing was read from stdin.');
  return text;
}

const where = (cmd: Command) =>
  withDatabaseOption(cmd)
    .option(
      '--data-dir <dir>',
      'the data dir whose accounts to manage (default: $HOOKBENCH_DATA_DIR or ~/.local/share/hookbench); a running Hookbench sees changes at once',
    )
    .option('--json', 'print JSON');

function describe(u: User): string {
  return `${u.email} (${u.role}${u.disabled ? ', disabled' : ''})`;
}

export function register(program: Command, io: CliIo): void {
  const users = program
    .command('users')
    .description(
      'Manage the accounts people sign in with (on the data dir, or team mode’s database; no running Hookbench needed)',
    );

  where(
    users
      .command('create')
      .description('Create an account; sign-in is required as soon as one exists')
      .argument('<email>', 'the email the person signs in with')
      .requiredOption('--role <role>', `${roles.join(' | ')}`, role)
      .option('--name <name>', 'a display name (default: the part of the email before @)')
      .option('--password-stdin', 'read the password from stdin (otherwise one is generated and printed once)'),
  ).action(async (given: string, o: Where & { role: Role; name?: string; passwordStdin?: boolean }) => {
    const address = email(given);
    const password = o.passwordStdin ? await passwordFromStdin() : undefined;
    const created = await withAccounts(o, async (dir, audit) => {
      const result = await dir.create({ email: address, role: o.role, name: o.name, password });
      await audit('createUser', { email: address, role: o.role, 'result.user.id': result.user.id });
      return result;
    });
    if (o.json) return io.out(JSON.stringify(created, null, 2));
    io.out(`Created ${describe(created.user)}, id ${created.user.id}.`);
    if (created.password) io.out(`Password (shown once — hand it over safely): ${created.password}`);
  });

  where(users.command('list').description('List accounts: email, role, state, last sign-in')).action(
    async (o: Where) => {
      const list = await withAccounts(o, (dir) => dir.list());
      if (o.json) return io.out(JSON.stringify(list, null, 2));
      if (list.length === 0)
        return io.out('No accounts: sign-in is off. Create one with "hookbench users create EMAIL --role admin".');
      io.out(
        table(
          ['EMAIL', 'ROLE', 'STATE', 'LAST SIGN-IN', 'ID'],
          list.map((u) => [u.email, u.role, u.disabled ? 'disabled' : 'active', u.lastSignInAt ?? 'never', u.id]),
        ),
      );
    },
  );

  for (const [name, disabled, description] of [
    ['disable', true, 'Disable an account: its sessions end and its API keys stop working'],
    ['enable', false, 'Enable a disabled account again'],
  ] as const)
    where(users.command(name).description(description).argument('<email>', 'the account')).action(
      async (given: string, o: Where) => {
        const u = await withAccounts(o, async (dir, audit) => {
          const user = await dir.update((await dir.byEmail(email(given))).id, { disabled });
          await audit('updateUser', { id: user.id, disabled: String(disabled) });
          return user;
        });
        io.out(o.json ? JSON.stringify(u, null, 2) : `${disabled ? 'Disabled' : 'Enabled'} ${describe(u)}.`);
      },
    );

  where(
    users
      .command('set-role')
      .description("Change an account's role (its API keys carry the new role at once)")
      .argument('<email>', 'the account')
      .argument('<role>', roles.join(' | '), role),
  ).action(async (given: string, newRole: Role, o: Where) => {
    const u = await withAccounts(o, async (dir, audit) => {
      const user = await dir.update((await dir.byEmail(email(given))).id, { role: newRole });
      await audit('updateUser', { id: user.id, role: newRole });
      return user;
    });
    io.out(o.json ? JSON.stringify(u, null, 2) : `${describe(u)}.`);
  });

  where(
    users
      .command('reset-password')
      .description("Set an account's password (generated and printed once unless --password-stdin); its sessions end")
      .argument('<email>', 'the account')
      .option('--password-stdin', 'read the new password from stdin'),
  ).action(async (given: string, o: Where & { passwordStdin?: boolean }) => {
    const password = o.passwordStdin ? await passwordFromStdin() : undefined;
    const result = await withAccounts(o, async (dir, audit) => {
      const user = await dir.byEmail(email(given));
      const set = await dir.setPassword(user.id, password);
      await audit('resetPassword', { id: user.id });
      return { user: user.email, ...set };
    });
    if (o.json) return io.out(JSON.stringify(result, null, 2));
    io.out(`New password set for ${result.user}; its sessions ended.`);
    if (result.password) io.out(`Password (shown once — hand it over safely): ${result.password}`);
  });
}
