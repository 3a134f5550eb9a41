import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { createTestDatabase, type TestDatabase } from '../../support/postgres-db';
import { runCli } from '../../support/run-cli';
import { startTeamNode, teamKey, type TeamNode } from '../../support/team-nodes';

const ADMIN = 'ada@example.org';
const PASSWORD = 'correct horse battery staple';

interface Page {
  cookie: string;
  csrf: string;
}

async function signIn(node: TeamNode, email: string, password: string) {
  const res = await fetch(`${node.proc.origin}/auth/sign-in`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', origin: node.proc.origin },
    body: JSON.stringify({ email, password }),
  });
  const body = (await res.json()) as { value?: { csrf: string } };
  const cookie = res.headers
    .getSetCookie()
    .find((c) => c.startsWith('hookbench_session='))
    ?.split(';')[0];
  return { status: res.status, page: cookie && body.value ? { cookie, csrf: body.value.csrf } : null };
}

/** A call as a page of `node` makes it: the session cookie, its CSRF header and the node's own Origin. */
async function call(node: TeamNode, page: Page, method: string, input: unknown = {}) {
  const res = await fetch(`${node.proc.origin}/rpc/${method}`, {
    method: 'POST',
    headers: {
      'content-type': 'application/json',
      origin: node.proc.origin,
      cookie: page.cookie,
      'x-hookbench-csrf': page.csrf,
    },
    body: JSON.stringify(input),
  });
  return { status: res.status, body: (await res.json()) as { ok: boolean; value?: any } };
}

/**
 * Accounts in team mode with real `hookbench serve` processes on one
 * PostgreSQL database: the first admin made offline with `users … --database`,
 * a session signed in on one node good on the other, sign-in failures counted
 * across nodes, and a change made offline seen by every node at once.
 */
describe('accounts on two hookbench serve nodes sharing a database', () => {
  let db: TestDatabase;
  const key = teamKey();
  const nodes: TeamNode[] = [];
  const cli = (args: string[], input?: string) =>
    runCli(['users', ...args, '--database', db.url], input === undefined ? {} : { input });

  beforeAll(async () => {
    db = await createTestDatabase('teamacc');
  });
  afterEach(async () => {
    for (const n of nodes.splice(0)) await n.stop().catch(() => undefined);
  });
  afterAll(async () => {
    await db.drop();
  });

  it('signs in on node A and is accepted on node B; a disable made offline ends it on both', async () => {
    // A fresh database: the CLI creates the schema, as the first node would.
    const created = await cli(['create', ADMIN, '--role', 'admin', '--password-stdin', '--json'], PASSWORD);
    expect(created.status, created.stderr).toBe(0);
    expect(JSON.parse(created.stdout)).toMatchObject({ user: { email: ADMIN, role: 'admin' } });
    const a = await startTeamNode(db.url, key);
    const b = await startTeamNode(db.url, key);
    nodes.push(a, b);
    expect(a.proc.output()).toMatch(/\(sign in\)/);

    const viewer = await cli(['create', 'sam@example.org', '--role', 'viewer', '--password-stdin'], PASSWORD);
    expect(viewer.status, viewer.stderr).toBe(0);
    const { status, page } = await signIn(a, 'sam@example.org', PASSWORD);
    expect(status).toBe(200);
    expect((await call(a, page!, 'currentUser')).body.value).toMatchObject({
      label: 'sam@example.org',
      role: 'viewer',
    });
    // node B never saw this sign-in: it finds the session in the database
    expect((await call(b, page!, 'currentUser')).body.value).toMatchObject({
      label: 'sam@example.org',
      role: 'viewer',
    });
    // and applies the role there too
    const refused = await call(b, page!, 'createApiKey', { name: 'nope' });
    expect(refused.status).toBe(403);

    const listed = await cli(['list', '--json']);
    expect((JSON.parse(listed.stdout) as { email: string }[]).map((u) => u.email)).toEqual([ADMIN, 'sam@example.org']);

    expect((await cli(['disable', 'sam@example.org'])).status).toBe(0);
    expect((await call(a, page!, 'currentUser')).status).toBe(401);
    expect((await call(b, page!, 'currentUser')).status).toBe(401);

    // every node's audit log is the one log: the CLI's change, the sign-in on A, the refusal on B
    const admin = await signIn(b, ADMIN, PASSWORD);
    const audit = await call(b, admin.page!, 'listAuditLog', { limit: 50 });
    const actions = (audit.body.value.entries as { action: string; outcome: string }[]).map(
      (e) => `${e.action}:${e.outcome}`,
    );
    expect(actions).toEqual(
      expect.arrayContaining(['createUser:ok', 'signIn:ok', 'createApiKey:forbidden', 'updateUser:ok']),
    );
  });

  it('blocks a guesser who spreads wrong passwords over both nodes, on both', async () => {
    const a = await startTeamNode(db.url, key);
    const b = await startTeamNode(db.url, key);
    nodes.push(a, b);
    const statuses: number[] = [];
    // 5 free failures per account, taken alternately on A and B; the 6th is refused on either node.
    for (let i = 0; i < 5; i++) statuses.push((await signIn(i % 2 ? b : a, ADMIN, 'not the password at all')).status);
    expect(statuses).toEqual([401, 401, 401, 401, 401]);
    const onA = await signIn(a, ADMIN, PASSWORD);
    const onB = await signIn(b, ADMIN, PASSWORD);
    expect([onA.status, onB.status]).toEqual([429, 429]);
  });
});
