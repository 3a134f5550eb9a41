import { describe, expect, it } from 'vitest';
import { Pacer } from '../../../electron/core/engine/bulk-replay-pacer';

function deferred() {
  let resolve!: () => void;
  let reject!: (err: Error) => void;
  const promise = new Promise<void>((ok, fail) => ((resolve = ok), (reject = fail)));
  return { promise, resolve, reject };
}

/** Whether `p` settles within `ms`. */
async function settlesWithin(p: Promise<unknown>, ms: number): Promise<boolean> {
  let timer: NodeJS.Timeout | undefined;
  const result = await Promise.race([
    p.then(() => true),
    new Promise<boolean>((r) => (timer = setTimeout(() => r(false), ms))),
  ]);
  clearTimeout(timer);
  return result;
}

describe('bulk replay pacer', () => {
  it('at "max" starts without waiting until 256 replays are in flight, then one per replay that ends', async () => {
    const pacer = new Pacer('max');
    const tasks = Array.from({ length: 257 }, deferred);
    const t0 = performance.now();
    for (let i = 0; i < 256; i++) {
      expect(await pacer.next()).toBe(true);
      pacer.track(tasks[i]!.promise);
    }
    expect(performance.now() - t0).toBeLessThan(500);
    const blocked = pacer.next();
    expect(await settlesWithin(blocked, 50)).toBe(false);
    // A failed replay frees its slot like a finished one.
    tasks[0]!.reject(new Error('endpoint down'));
    expect(await blocked).toBe(true);
    pacer.track(tasks[256]!.promise);
    const idle = pacer.settled();
    expect(await settlesWithin(idle, 20)).toBe(false);
    for (const t of tasks.slice(1)) t.resolve();
    await idle;
  });

  it('spaces starts one interval apart at a numeric rate', async () => {
    const pacer = new Pacer(100);
    const t0 = performance.now();
    for (let i = 0; i < 11; i++) {
      expect(await pacer.next()).toBe(true);
      pacer.track(Promise.resolve());
    }
    // 11 starts at 100/s: 10 intervals of 10 ms, give or take a timer's lateness.
    expect(performance.now() - t0).toBeGreaterThanOrEqual(90);
  });

  it('abort ends a wait for a slot and a wait for the next start at once', async () => {
    const full = new Pacer('max');
    const hung = deferred();
    for (let i = 0; i < 256; i++) {
      await full.next();
      full.track(hung.promise);
    }
    const slotWait = full.next();
    full.abort();
    expect(await settlesWithin(slotWait, 50)).toBe(true);
    expect(await slotWait).toBe(false);

    const slow = new Pacer(1);
    await slow.next();
    const timerWait = slow.next(); // due in a second
    slow.abort();
    expect(await settlesWithin(timerWait, 50)).toBe(true);
    expect(await timerWait).toBe(false);
    expect(slow.isAborted).toBe(true);
    hung.resolve();
  });
});
