/**
 * Child process of test/integration/store/crash.test.ts: appends deliveries and
 * attempts as fast as the group writer takes them and prints "ok <id>" only
 * after the append resolved (= committed). The parent SIGKILLs it at random.
 * Usage: node --import tsx store-crash-writer.ts <db path> <first index>
 */
import { ExchangeFile } from '../../electron/core/store/exchange/exchange-file';
import { makeDelivery } from './exchange-records';

const [path, first] = process.argv.slice(2);
const store = new ExchangeFile({ path: path!, retentionIntervalMs: 0, writer: { maxDelayMs: 1, maxBatch: 64 } });
let next = Number(first);
const IN_FLIGHT = 32;

async function one(i: number): Promise<void> {
  const delivery = makeDelivery(i, { timeMs: Date.UTC(2025, 0, 1) + i });
  await store.appendDelivery(delivery);
  // Pipes are synchronous on Linux, so a printed line has left this process before the next write.
  process.stdout.write(`ok ${delivery.id}\n`);
  await store.appendAttempt(
    {
      deliveryId: delivery.id,
      n: 1,
      startedAt: delivery.createdAt,
      request: { headers: [], body: 'x' },
      response: { status: 200, headers: [], body: 'ok' },
      timings: { connectMs: 1, firstByteMs: 1, totalMs: 1 },
      error: null,
    },
    { outcome: 'succeeded' },
  );
}

async function worker(): Promise<void> {
  for (;;) await one(next++);
}

process.stdout.write('ready\n');
await Promise.all(Array.from({ length: IN_FLIGHT }, worker));
