import { spawnSync } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { LATEST_SCHEMA } from '../../../electron/core/store/postgres/pg-schema';
import { binPath } from '../../support/headless-process';
import { createTestDatabase, type TestDatabase } from '../../support/postgres-db';
import { startTeamNode, teamKey } from '../../support/team-nodes';
import { tempDir } from '../../support/temp';

const hookbench = (args: string[], env: NodeJS.ProcessEnv = {}) =>
  spawnSync(process.execPath, [binPath, ...args], {
    encoding: 'utf8',
    timeout: 60_000,
    env: { ...process.env, HOOKBENCH_DATABASE_URL: '', HOOKBENCH_SECRET_KEY: '', ...env },
  });

describe('team mode from the command line (built binary)', () => {
  let db: TestDatabase;
  beforeAll(async () => {
    db = await createTestDatabase('cli');
  });
  afterAll(async () => {
    await db.drop();
  });

  it('db status and db migrate: behind (exit 1), migrated (exit 0), current, a newer schema refused', async () => {
    const behind = hookbench(['db', 'status', '--database', db.url]);
    expect([behind.status, behind.stdout]).toEqual([
      1,
      expect.stringMatching(/Schema 0 of \d+: \d+ migration\(s\) pending; run "hookbench db migrate"/),
    ]);
    const migrated = hookbench(['db', 'migrate'], { HOOKBENCH_DATABASE_URL: db.url });
    expect([migrated.status, migrated.stdout]).toEqual([
      0,
      expect.stringMatching(/Applied migration\(s\) 1, 2, 3; schema \d+ is current/),
    ]);
    const again = hookbench(['db', 'migrate', '--database', db.url]);
    expect([again.status, again.stdout]).toEqual([0, expect.stringMatching(/already current; nothing to do/)]);
    const status = hookbench(['db', 'status', '--database', db.url, '--json']);
    expect(status.status).toBe(0);
    expect(JSON.parse(status.stdout)).toEqual({
      current: LATEST_SCHEMA,
      latest: LATEST_SCHEMA,
      pending: [],
      state: 'current',
    });

    const c = new pg.Client({ connectionString: db.url });
    await c.connect();
    await c.query("INSERT INTO hookbench_schema (version, hookbench) VALUES (999, 'future')");
    await c.end();
    const newer = hookbench(['db', 'status', '--database', db.url]);
    expect([newer.status, newer.stdout]).toEqual([
      1,
      expect.stringMatching(/Schema 999 is newer than this Hookbench's/),
    ]);
    const refused = hookbench(['db', 'migrate', '--database', db.url]);
    expect([refused.status, refused.stderr]).toEqual([
      1,
      expect.stringMatching(/Refused: the database schema is version 999/),
    ]);
    const serve = hookbench(['serve', '--port', '0', '--data-dir', tempDir('hb-newer-').dir, '--database', db.url], {
      HOOKBENCH_SECRET_KEY: teamKey(),
    });
    expect([serve.status, serve.stderr]).toEqual([1, expect.stringMatching(/written by a newer Hookbench/)]);
    const users = hookbench(['users', 'list', '--database', db.url]);
    expect([users.status, users.stderr]).toEqual([1, expect.stringMatching(/written by a newer Hookbench/)]);
  });

  it('names what to fix: no database, not a PostgreSQL URL, a database it cannot reach, no shared key', () => {
    const none = hookbench(['db', 'status']);
    expect([none.status, none.stderr]).toEqual([2, expect.stringMatching(/--database: which database\?/)]);
    const mysql = hookbench(['db', 'status', '--database', 'mysql://x@y/z']);
    expect([mysql.status, mysql.stderr]).toEqual([2, expect.stringMatching(/--database: use a PostgreSQL URL/)]);
    const env = hookbench(['db', 'status'], { HOOKBENCH_DATABASE_URL: 'not a url' });
    expect([env.status, env.stderr]).toEqual([
      2,
      expect.stringMatching(/HOOKBENCH_DATABASE_URL: use a PostgreSQL URL/),
    ]);
    const unreachable = hookbench(['db', 'status', '--database', 'postgres://nobody:secret-pw@127.0.0.1:1/none']);
    expect(unreachable.status).toBe(1);
    expect(unreachable.stderr).toMatch(/Cannot reach the database postgres:\/\/nobody:\*\*\*@127\.0\.0\.1:1\/none/);
    expect(unreachable.stderr).not.toContain('secret-pw');
    const usersUnreachable = hookbench(['users', 'list', '--database', 'postgres://nobody:secret-pw@127.0.0.1:1/none']);
    expect([usersUnreachable.status, usersUnreachable.stderr]).toEqual([
      1,
      expect.stringMatching(/Cannot reach the database postgres:\/\/nobody:\*\*\*@127\.0\.0\.1:1\/none/),
    ]);
    expect(usersUnreachable.stderr).not.toContain('secret-pw');
    const twoPlaces = hookbench(['users', 'list', '--database', db.url, '--data-dir', tempDir('hb-two-').dir]);
    expect([twoPlaces.status, twoPlaces.stderr]).toEqual([
      2,
      expect.stringMatching(/--data-dir and --database name two places/),
    ]);
    const usersMysql = hookbench(['users', 'list', '--database', 'mysql://x@y/z']);
    expect([usersMysql.status, usersMysql.stderr]).toEqual([
      2,
      expect.stringMatching(/--database: use a PostgreSQL URL/),
    ]);

    const dir = tempDir('hb-nokey-').dir;
    const noKey = hookbench(['serve', '--port', '0', '--data-dir', dir, '--database', db.url]);
    expect([noKey.status, noKey.stderr]).toEqual([
      2,
      expect.stringMatching(/Team mode needs the secret key every node shares/),
    ]);
    const badKey = hookbench(['serve', '--port', '0', '--data-dir', dir, '--database', db.url], {
      HOOKBENCH_SECRET_KEY: 'too-short',
    });
    expect([badKey.status, badKey.stderr]).toEqual([2, expect.stringMatching(/HOOKBENCH_SECRET_KEY is not 32 bytes/)]);
    const keyFile = join(dir, 'half.key');
    writeFileSync(keyFile, Buffer.alloc(16, 1));
    const halfKey = hookbench([
      'serve',
      '--port',
      '0',
      '--data-dir',
      dir,
      '--database',
      db.url,
      '--secret-key-file',
      keyFile,
    ]);
    expect([halfKey.status, halfKey.stderr]).toEqual([
      2,
      expect.stringMatching(/--secret-key-file: .* does not hold a 32-byte key/),
    ]);
  });

  it('serves from a shared key file, and says it runs in team mode without printing the password', async () => {
    const own = await createTestDatabase('keyfile');
    const dir = tempDir('hb-keyfile-').dir;
    const keyFile = join(dir, 'team.key');
    writeFileSync(keyFile, `${teamKey()}\n`);
    const node = await startTeamNode(own.url, '', ['--secret-key-file', keyFile]);
    try {
      await expect
        .poll(() => node.proc.output())
        .toMatch(/Team mode: postgres:\/\/hookbench@\/keyfile_\w+\?host=\S+ \(node \S+\)/);
      expect(await node.rpc('listSubscriptions')).toEqual([]);
    } finally {
      await node.stop();
      await own.drop();
    }
  });
});
