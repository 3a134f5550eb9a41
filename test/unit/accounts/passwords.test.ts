import { describe, expect, it } from 'vitest';
import { hashPassword, needsRehash, verifyPassword } from '../../../electron/core/accounts/passwords';
import { passwordProblem } from '../../../electron/core/accounts/users';
import { blockFor, ACCOUNT_POLICY } from '../../../electron/core/accounts/sign-in-throttle';

const cheap = { log2n: 10, r: 8, p: 1 };

describe('password hashing', () => {
  it('hashes with scrypt, a fresh salt each time, the parameters kept with the hash', async () => {
    const a = await hashPassword('correct horse battery staple', cheap);
    const b = await hashPassword('correct horse battery staple', cheap);
    expect(a).toMatch(/^scrypt\$ln=10,r=8,p=1\$[\w-]{22}\$[\w-]{43}$/);
    expect(a).not.toBe(b);
    expect(await verifyPassword('correct horse battery staple', a)).toBe(true);
    expect(await verifyPassword('correct horse battery stapl', a)).toBe(false);
    expect(await verifyPassword('', a)).toBe(false);
  });

  it('treats the same characters typed as different Unicode forms as the same password', async () => {
    const composed = 'caf\u00e9 au lait, s\u2019il vous pla\u00eet';
    const decomposed = composed.normalize('NFD');
    expect(decomposed).not.toBe(composed);
    expect(await verifyPassword(decomposed, await hashPassword(composed, cheap))).toBe(true);
  });

  it('never matches a malformed stored hash, and asks for a re-hash of weaker parameters', async () => {
    for (const bad of ['', 'plain', 'scrypt$ln=99,r=8,p=1$c2FsdA$aGFzaA', 'bcrypt$2b$10$abc'])
      expect(await verifyPassword('anything at all', bad)).toBe(false);
    const weak = await hashPassword('correct horse battery staple', cheap);
    expect(needsRehash(weak)).toBe(true);
    expect(needsRehash(weak, cheap)).toBe(false);
    expect(needsRehash('not a hash')).toBe(true);
  });

  it('refuses short, repetitive or email-as-password passwords, with the reason', () => {
    expect(passwordProblem('short')).toMatch(/at least 12/);
    expect(passwordProblem('aaaaaaaaaaaaaaaa')).toMatch(/too few different/);
    expect(passwordProblem('ada@example.org', 'ADA@example.org')).toMatch(/email/);
    expect(passwordProblem('correct horse battery staple')).toBeNull();
  });
});

describe('sign-in throttle policy', () => {
  it('allows the free tries, then blocks twice as long after each further failure, up to the cap', () => {
    const blocks = Array.from({ length: 12 }, (_, i) => blockFor(ACCOUNT_POLICY, i + 1));
    expect(blocks.slice(0, ACCOUNT_POLICY.free - 1)).toEqual([0, 0, 0, 0]);
    expect(blocks.slice(4, 9)).toEqual([30_000, 60_000, 120_000, 240_000, 480_000]);
    expect(Math.max(...blocks)).toBe(ACCOUNT_POLICY.maxMs);
  });
});
