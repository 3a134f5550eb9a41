import { execFileSync, spawnSync } from 'node:child_process';
import { chownSync, existsSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir, userInfo } from 'node:os';
import { join } from 'node:path';

/**
 * A throwaway PostgreSQL cluster for tests and benches: `initdb` into a temp
 * dir, fsync off, listening only on a unix socket in that dir (no TCP, so no
 * port to collide with other runs), trust auth for the one superuser.
 * initdb refuses to run as root, so as root the cluster runs as the `postgres`
 * user that Debian's package creates.
 */
export interface PgCluster {
  /** The socket directory: the `host` of every connection. */
  socketDir: string;
  user: string;
  /** A connection URL for `database` (postgres://user@/db?host=<socketDir>). */
  url(database: string): string;
  stop(): void;
}

const SUPERUSER = 'hookbench';

export class PgBinariesMissingError extends Error {
  constructor(looked: string[]) {
    super(
      `PostgreSQL server binaries (initdb, pg_ctl) were not found (looked in ${looked.join(', ')}). ` +
        'Install them (Debian: apt-get install -y postgresql; .ci/run does it) or set HOOKBENCH_PG_BIN to their directory.',
    );
    this.name = 'PgBinariesMissingError';
  }
}

/** The newest /usr/lib/postgresql/<v>/bin, HOOKBENCH_PG_BIN, or what `pg_config --bindir` names. */
export function findPgBin(): string {
  const looked: string[] = [];
  const candidates: string[] = [];
  if (process.env.HOOKBENCH_PG_BIN) candidates.push(process.env.HOOKBENCH_PG_BIN);
  const debian = '/usr/lib/postgresql';
  if (existsSync(debian)) {
    const versions = readdirSync(debian)
      .filter((v) => /^\d+$/.test(v))
      .sort((a, b) => Number(b) - Number(a));
    candidates.push(...versions.map((v) => join(debian, v, 'bin')));
  }
  const pgConfig = spawnSync('pg_config', ['--bindir'], { encoding: 'utf8' });
  if (pgConfig.status === 0) candidates.push(pgConfig.stdout.trim());
  for (const dir of candidates) {
    looked.push(dir);
    if (existsSync(join(dir, 'initdb')) && existsSync(join(dir, 'pg_ctl'))) return dir;
  }
  throw new PgBinariesMissingError(looked.length ? looked : [debian, 'pg_config --bindir']);
}

function runAs(owner: string | null, cmd: string, args: string[]): void {
  const [file, argv] = owner ? ['runuser', ['-u', owner, '--', cmd, ...args]] : [cmd, args];
  const r = spawnSync(file, argv, { encoding: 'utf8' });
  if (r.status !== 0)
    throw new Error(`${cmd} ${args.join(' ')} failed (${r.status ?? r.signal}): ${r.stderr || r.stdout || r.error}`);
}

export function startPgCluster(opts: { settings?: Record<string, string | number> } = {}): PgCluster {
  const bin = findPgBin();
  const dir = mkdtempSync(join(tmpdir(), 'hookbench-pg-'));
  let owner: string | null = null;
  if (userInfo().uid === 0) {
    owner = 'postgres';
    const id = spawnSync('id', ['-u', owner], { encoding: 'utf8' });
    if (id.status !== 0) {
      rmSync(dir, { recursive: true, force: true });
      throw new Error(
        "The tests run as root and initdb refuses root: create an unprivileged `postgres` user (Debian's postgresql package does) or run the tests as a normal user.",
      );
    }
    const uid = Number(id.stdout.trim());
    chownSync(dir, uid, Number(execFileSync('id', ['-g', owner], { encoding: 'utf8' }).trim()));
  }
  const data = join(dir, 'data');
  const settings: Record<string, string | number> = {
    listen_addresses: "''",
    unix_socket_directories: `'${dir}'`,
    fsync: 'off',
    synchronous_commit: 'off',
    full_page_writes: 'off',
    max_connections: 200,
    shared_buffers: '128MB',
    ...opts.settings,
  };
  const stop = () => {
    if (existsSync(join(data, 'postmaster.pid'))) {
      try {
        runAs(owner, join(bin, 'pg_ctl'), ['-D', data, '-m', 'immediate', 'stop']);
      } catch {
        // already gone: nothing to stop
      }
    }
    rmSync(dir, { recursive: true, force: true });
  };
  try {
    runAs(owner, join(bin, 'initdb'), [
      '-D',
      data,
      '-U',
      SUPERUSER,
      '--auth=trust',
      '--encoding=UTF8',
      '--locale=C',
      '--no-sync',
    ]);
    const options = Object.entries(settings)
      .map(([k, v]) => `-c ${k}=${v}`)
      .join(' ');
    runAs(owner, join(bin, 'pg_ctl'), [
      '-D',
      data,
      '-w',
      '-t',
      '60',
      '-l',
      join(dir, 'server.log'),
      '-o',
      options,
      'start',
    ]);
  } catch (err) {
    const log = existsSync(join(dir, 'server.log')) ? readFileSync(join(dir, 'server.log'), 'utf8') : '';
    stop();
    throw new Error(`${(err as Error).message}\n${log}`);
  }
  return {
    socketDir: dir,
    user: SUPERUSER,
    url: (database) => pgUrl(dir, SUPERUSER, database),
    stop,
  };
}

export function pgUrl(socketDir: string, user: string, database: string): string {
  return `postgres://${user}@/${encodeURIComponent(database)}?host=${encodeURIComponent(socketDir)}`;
}
