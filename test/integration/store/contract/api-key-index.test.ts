import { describe, expect, it } from 'vitest';
import { ApiKeys } from '../../../../electron/core/rest/api-keys';
import type { Storage } from '../../../../electron/core/store/port';
import { adapters, teamAdapters, useNodes } from '../../../support/storage-adapters';
import { waitUntil } from '../../../support/webhook-server';

const keysOf = (s: Storage) =>
  new ApiKeys(
    s.settings.apiKeys,
    () => Date.now(),
    (listener) => s.settings.onExternalChange(listener),
  );

/** The REST door's key check: an index by hash, dropped whenever the keys change. */
describe.each(adapters)('API keys looked up by hash: %s', (_name, make) => {
  const ctx = useNodes(make, { node: {} });

  it('finds a key from one index, sees a new key and a revoked one at once', async () => {
    const keys = keysOf(ctx.node);
    const ci = await keys.create('ci');
    const first = keys.find(ci.key);
    expect(first).toMatchObject({ id: ci.id, name: 'ci', userId: null });
    expect(keys.find(ci.key)).toBe(first); // the same record: nothing read or copied per request
    expect(Object.isFrozen(first)).toBe(true);
    expect(keys.find(`${ci.key}x`)).toBeNull();
    expect(keys.find('')).toBeNull();

    const qa = await keys.create('qa', 'usr_1');
    expect(keys.find(qa.key)).toMatchObject({ name: 'qa', userId: 'usr_1' });
    expect(await keys.revoke(ci.id)).toBe(true);
    expect(keys.find(ci.key)).toBeNull();
    expect(keys.find(qa.key)).not.toBeNull();
  });

  it('refuses a key whose record went away without a word to the index', async () => {
    const keys = keysOf(ctx.node);
    const ci = await keys.create('ci');
    expect(keys.find(ci.key)).not.toBeNull();
    await ctx.node.settings.apiKeys.remove(ci.id);
    expect(keys.find(ci.key)).toBeNull();
  });
});

/** Team mode: a key created or revoked on one node is seen on the other through the settings feed. */
describe.each(teamAdapters)('API keys across nodes: %s', (_name, make) => {
  const ctx = useNodes(make, { a: { nodeId: 'node-a' }, b: { nodeId: 'node-b' } });

  it("drops node B's index when node A creates or revokes a key", async () => {
    const onA = keysOf(ctx.a);
    const onB = keysOf(ctx.b);
    expect(onB.find('hbk_not-a-key-of-anyone')).toBeNull(); // B's index is built now, without A's keys
    const before = await onA.create('before');
    // a miss is never re-read from the store: B finds the key only because the feed dropped its index
    await waitUntil(() => onB.find(before.key) !== null, "node B to see node A's key");
    const made = await onA.create('ci');
    await waitUntil(() => onB.find(made.key) !== null, "node B to see node A's new key");
    await onA.revoke(made.id);
    await waitUntil(() => onB.find(made.key) === null, "node B to refuse node A's revoked key");
    expect(onB.find(before.key)).not.toBeNull();
    onA.close();
    onB.close();
  });
});
