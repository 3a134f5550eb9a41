// Runs a delivery engine in its own process so a test can SIGKILL it mid-work.
// Usage: node --import tsx engine-child.ts <dataDir> <subscriptionId> <count>
// Prints "queued <deliveryId>" once each emit is acknowledged (committed), then waits to be killed.
import { systemClock } from '../../electron/core/clock';
import { silentLogger } from '../../electron/core/log';
import { openStorage } from '../../electron/core/store';
import { startDeliverySystem } from '../../electron/core/engine/delivery-system';
import { emitInput } from '../../shared/api/methods/delivery';

const [dataDir, subscriptionId, count] = process.argv.slice(2);
const storage = await openStorage({ dataDir: dataDir!, clock: systemClock, log: silentLogger, retentionIntervalMs: 0 });
const system = startDeliverySystem({ storage, clock: systemClock, log: silentLogger });
for (let i = 0; i < Number(count); i++) {
  const res = await system.emitter.emit(
    emitInput.parse({
      provider: 'standard-webhooks',
      event: 'user.created',
      payload: JSON.stringify({ type: 'user.created', n: i }),
      target: { kind: 'subscription', id: subscriptionId },
    }),
  );
  process.stdout.write(`queued ${res.deliveries[0]!.deliveryId}\n`);
}
process.stdout.write('all queued\n');
setInterval(() => undefined, 60_000);
