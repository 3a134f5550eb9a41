import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, expect, it } from 'vitest';
import { ExchangeFile } from '../../../electron/core/store/exchange/exchange-file';
import { GroupWriter } from '../../../electron/core/store/exchange/group-writer';
import { makeDelivery } from '../../support/exchange-records';
import { DatabaseSync as Database } from 'node:sqlite';
import { arrays } from '../../support/sqlite-arrays';

let dir: string;
let path: string;
let store: ExchangeFile;

beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'hookbench-writer-'));
  path = join(dir, 'exchanges.db');
  store = new ExchangeFile({ path, retentionIntervalMs: 0, writer: { maxDelayMs: 2, maxBatch: 200 } });
});
afterEach(async () => {
  await store.close();
  await rm(dir, { recursive: true, force: true });
});

it('resolves an append only once another connection can read the record', async () => {
  const reader = new Database(path, { readOnly: true });
  try {
    const count = arrays(reader.prepare("SELECT count(*) FROM exchange WHERE id = 'dlv_1'"));
    const write = store.appendDelivery(makeDelivery(1));
    expect((count.get() as number[])[0]).toBe(0);
    await write;
    expect((count.get() as number[])[0]).toBe(1);
  } finally {
    reader.close();
  }
});

it('commits many concurrent appends in groups of at most maxBatch, not one transaction each', async () => {
  // One fsync per record would cap throughput near disk IOPS: what counts is how many commits there were.
  const groups: number[] = [];
  const writer = new GroupWriter<number>({
    commit: (items) => void groups.push(items.length),
    maxDelayMs: 2,
    maxBatch: 200,
  });
  await Promise.all(Array.from({ length: 5000 }, (_, i) => writer.append(i)));
  expect(groups.reduce((a, b) => a + b, 0)).toBe(5000);
  expect(groups.length).toBe(25);
  expect(Math.max(...groups)).toBe(200);

  await Promise.all(Array.from({ length: 5000 }, (_, i) => store.appendDelivery(makeDelivery(i))));
  expect(store.info().rows.exchanges).toBe(5000);
});

it('refuses appends after close but commits what was queued', async () => {
  const queued = store.appendDelivery(makeDelivery(1));
  await store.close();
  await expect(queued).resolves.toBeUndefined();
  await expect(store.appendDelivery(makeDelivery(2))).rejects.toThrow(/closed/);
  store = new ExchangeFile({ path, retentionIntervalMs: 0 });
  expect(store.getExchange('dlv_1')).not.toBeNull();
});

it('commits a lone append at the end of its turn of the event loop, and gathers for the window when records come in groups', async () => {
  const groups: number[][] = [];
  const writer = new GroupWriter<number>({ commit: (items) => void groups.push(items), maxDelayMs: 60_000 });
  const turn = () => new Promise((r) => setImmediate(r));
  // Nothing committed yet: waiting for companions would only add latency.
  const first = [writer.append(1), writer.append(2)];
  await turn();
  await Promise.all(first);
  expect(groups).toEqual([[1, 2]]);
  // The last group gathered two: records are coming, so the window gathers the next ones.
  const second = writer.append(3);
  await turn();
  expect(groups).toHaveLength(1);
  writer.close();
  await second;
  expect(groups).toEqual([[1, 2], [3]]);
});

it('keeps committing lone appends at the end of their turn while they come one at a time', async () => {
  const groups: number[][] = [];
  const writer = new GroupWriter<number>({ commit: (items) => void groups.push(items), maxDelayMs: 5 });
  for (let i = 0; i < 3; i++) {
    await new Promise((r) => setTimeout(r, 10)); // a window apart
    const appended = writer.append(i);
    await new Promise((r) => setImmediate(r));
    expect(groups).toHaveLength(i + 1); // committed within its turn, not a window later
    await appended;
  }
  writer.close();
});
