import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SESSION_IDLE_MS } from '../../../electron/core/accounts/sessions';
import { ACCOUNT_POLICY, ADDRESS_POLICY } from '../../../electron/core/accounts/sign-in-throttle';
import { PASSWORD, startTeamServer, teamStorages, type TeamServer } from '../../support/team-server';

describe.each(teamStorages)('sign-in over HTTPS (%s)', (storage) => {
  let t: TeamServer;
  beforeAll(async () => {
    t = await startTeamServer({}, storage);
    await t.addUser('ada@example.org', 'admin');
    await t.addUser('grace@example.org', 'viewer');
  });
  afterAll(() => t.close());

  it('tells the page that sign-in is on, and who it is signed in as', async () => {
    const anonymous = await t.http('GET', '/auth/state');
    expect(anonymous.json).toEqual({ ok: true, value: { accounts: true, user: null } });
    const s = await t.signIn('Ada@Example.org');
    const state = await t.http('GET', '/auth/state', { headers: s.headers });
    expect(state.json.value.user).toMatchObject({ kind: 'user', label: 'ada@example.org', role: 'admin' });
  });

  it('sets a __Host- session cookie: Secure, HttpOnly, SameSite=Strict, host-only, Path=/', async () => {
    const res = await t.http('POST', '/auth/sign-in', {
      body: { email: 'grace@example.org', password: PASSWORD },
      headers: { origin: t.base },
    });
    expect(res.status).toBe(200);
    const cookie = [res.headers['set-cookie']].flat().find((c) => c?.startsWith('__Host-hookbench_session='))!;
    const attributes = cookie.split(';').map((a) => a.trim().toLowerCase());
    expect(attributes).toEqual(expect.arrayContaining(['path=/', 'httponly', 'samesite=strict', 'secure']));
    expect(attributes.some((a) => a.startsWith('domain='))).toBe(false);
    expect(res.json.value).toMatchObject({ user: { email: 'grace@example.org', role: 'viewer' } });
    expect(res.json.value.csrf).toMatch(/^[\w-]{40,}$/);
    expect(res.text).not.toContain(cookie.split(';')[0]!.split('=')[1]);
    expect(res.headers['strict-transport-security']).toBe('max-age=31536000');
  });

  it('takes a call only with the cookie, its CSRF header and our Origin together', async () => {
    const s = await t.signIn('grace@example.org');
    const call = (headers: Record<string, string>) => t.http('POST', '/rpc/currentUser', { body: {}, headers });
    expect((await call(s.headers)).json).toMatchObject({ ok: true, value: { label: 'grace@example.org' } });
    const { ['x-hookbench-csrf']: _csrf, ...noCsrf } = s.headers;
    expect((await call(noCsrf)).status).toBe(401);
    expect((await call({ ...s.headers, 'x-hookbench-csrf': 'x'.repeat(43) })).status).toBe(401);
    const { cookie: _cookie, ...noCookie } = s.headers;
    expect((await call(noCookie)).status).toBe(401);
    const { origin: _origin, ...noOrigin } = s.headers;
    expect((await call(noOrigin)).status).toBe(403);
    expect((await call({ ...s.headers, origin: 'https://evil.example' })).status).toBe(403);
    // a sign-in form on another site is refused at the door too
    const foreign = await t.http('POST', '/auth/sign-in', {
      body: { email: 'grace@example.org', password: PASSWORD },
      headers: { origin: 'https://evil.example' },
    });
    expect(foreign.status).toBe(403);
  });

  it('refuses a wrong password, then rate-limits the account after the free tries, even for the right password', async () => {
    const attempt = (password: string, email = 'ada@example.org') =>
      t.http('POST', '/auth/sign-in', { body: { email, password }, headers: { origin: t.base } });
    const wrong = await attempt('not the password at all');
    expect(wrong.status).toBe(401);
    expect(wrong.json.error.message).toBe('Wrong email or password.');
    // an unknown email reads the same
    expect((await attempt('whatever it is', 'nobody@example.org')).json.error.message).toBe('Wrong email or password.');
    for (let i = 1; i < ACCOUNT_POLICY.free; i++) expect((await attempt(`wrong ${i} wrong ${i}`)).status).toBe(401);
    const blocked = await attempt(PASSWORD);
    expect(blocked.status).toBe(429);
    expect(Number(blocked.headers['retry-after'])).toBe(ACCOUNT_POLICY.baseMs / 1000);
    expect(blocked.json.error.message).toMatch(/Too many failed sign-ins\. Try again in 30 seconds/);
    // another account from the same address is not blocked by ada's failures
    expect((await attempt(PASSWORD, 'grace@example.org')).status).toBe(200);
    t.clock.advance(ACCOUNT_POLICY.baseMs + 1);
    expect((await attempt(PASSWORD)).status).toBe(200);
    // a success clears the account's count: one more mistake is a plain 401 again
    expect((await attempt('wrong again wrong')).status).toBe(401);
  });

  it('rate-limits an address that tries many accounts, each below its own limit', async () => {
    t.clock.advance(ADDRESS_POLICY.windowMs + 1); // earlier failures from this address are forgotten
    for (let i = 0; i < ADDRESS_POLICY.free; i++) {
      const res = await t.http('POST', '/auth/sign-in', {
        body: { email: `guess${i}@example.org`, password: 'guessing passwords' },
        headers: { origin: t.base },
      });
      expect(res.status).toBe(401);
    }
    const next = await t.http('POST', '/auth/sign-in', {
      body: { email: 'grace@example.org', password: PASSWORD },
      headers: { origin: t.base },
    });
    expect(next.status).toBe(429);
    expect(Number(next.headers['retry-after'])).toBe(ADDRESS_POLICY.baseMs / 1000);
    t.clock.advance(ADDRESS_POLICY.baseMs + 1);
  });

  it('ends a session left unused past the idle time, and on sign-out', async () => {
    const s = await t.signIn('grace@example.org');
    const me = () => t.http('POST', '/rpc/currentUser', { body: {}, headers: s.headers });
    expect((await me()).status).toBe(200);
    t.clock.advance(SESSION_IDLE_MS - 5 * 60_000);
    expect((await me()).status).toBe(200);
    // used again: the idle time counts from the last use (writes happen at most once a minute)
    t.clock.advance(SESSION_IDLE_MS - 60_000);
    expect((await me()).status).toBe(200);
    t.clock.advance(SESSION_IDLE_MS + 1);
    const expired = await me();
    expect(expired.status).toBe(401);
    expect(expired.json.error).toMatchObject({ signIn: true });

    const again = await t.signIn('grace@example.org');
    const out = await t.http('POST', '/auth/sign-out', { headers: again.headers });
    expect(out.status).toBe(200);
    expect([out.headers['set-cookie']].flat().join('\n')).toMatch(/__Host-hookbench_session=; Path=\/; Max-Age=0/);
    expect((await t.http('POST', '/rpc/currentUser', { body: {}, headers: again.headers })).status).toBe(401);
  });

  it('signs out everywhere, and an admin can end or disable an account at once', async () => {
    const a = await t.signIn('grace@example.org');
    const b = await t.signIn('grace@example.org');
    const ended = await t.http('POST', '/rpc/signOutEverywhere', { body: {}, headers: a.headers });
    expect(ended.json).toMatchObject({ ok: true, value: { ended: expect.any(Number) } });
    for (const s of [a, b])
      expect((await t.http('POST', '/rpc/currentUser', { body: {}, headers: s.headers })).status).toBe(401);

    const admin = await t.signIn('ada@example.org');
    const grace = await t.signIn('grace@example.org');
    const users = (await t.http('POST', '/rpc/listUsers', { body: {}, headers: admin.headers })).json.value as {
      id: string;
      email: string;
    }[];
    const id = users.find((u) => u.email === 'grace@example.org')!.id;
    expect(
      (await t.http('POST', '/rpc/updateUser', { body: { id, disabled: true }, headers: admin.headers })).status,
    ).toBe(200);
    expect((await t.http('POST', '/rpc/currentUser', { body: {}, headers: grace.headers })).status).toBe(401);
    const refused = await t.http('POST', '/auth/sign-in', {
      body: { email: 'grace@example.org', password: PASSWORD },
      headers: { origin: t.base },
    });
    expect(refused.status).toBe(403);
    expect(refused.json.error.message).toMatch(/disabled/);
    // the last admin cannot disable themself
    const self = (await t.http('POST', '/rpc/currentUser', { body: {}, headers: admin.headers })).json.value.userId;
    const last = await t.http('POST', '/rpc/updateUser', {
      body: { id: self, disabled: true },
      headers: admin.headers,
    });
    expect(last.status).toBe(409);
    expect(last.json.error.message).toMatch(/last enabled admin/);
    await t.http('POST', '/rpc/updateUser', { body: { id, disabled: false }, headers: admin.headers });
  });

  it('changes a password: the old one stops working, other sessions end, this one stays', async () => {
    const keep = await t.signIn('grace@example.org');
    const other = await t.signIn('grace@example.org');
    const wrong = await t.http('POST', '/rpc/changePassword', {
      body: { currentPassword: 'not it at all', newPassword: 'a brand new passphrase' },
      headers: keep.headers,
    });
    expect(wrong.status).toBe(400);
    expect(wrong.json.error.fieldErrors).toHaveProperty('currentPassword');
    const changed = await t.http('POST', '/rpc/changePassword', {
      body: { currentPassword: PASSWORD, newPassword: 'a brand new passphrase' },
      headers: keep.headers,
    });
    expect(changed.status).toBe(200);
    expect((await t.http('POST', '/rpc/currentUser', { body: {}, headers: keep.headers })).status).toBe(200);
    expect((await t.http('POST', '/rpc/currentUser', { body: {}, headers: other.headers })).status).toBe(401);
    await expect(t.signIn('grace@example.org')).rejects.toThrow(/401/);
    await t.signIn('grace@example.org', 'a brand new passphrase');
  });
});
