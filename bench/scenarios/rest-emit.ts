import { autocannon, serveApiKey, startServe, type ServeProcess } from '../processes';
import { alternate, ownCpuMs, ROUND_MS, ROUNDS, withCpu, type LoopResult } from '../rounds';
import { loadNow } from '../stats';
import type { BenchLine, BenchScenario } from '../types';
import { cpuPerDeliveryLine, EMIT, IN_FLIGHT, onOneEndpoint } from './delivery';

/** API keys a team's server holds besides the one under test: the REST door checks a presented key against them. */
const OTHER_KEYS = 49;

/** One REST emit round with `key`, driven by autocannon in its own process. */
function restRound(hb: ServeProcess, body: string, key: string): Promise<LoopResult> {
  return autocannon(`${hb.origin}/api/v1/emit`, {
    connections: IN_FLIGHT,
    seconds: Math.max(1, Math.round(ROUND_MS / 1000)),
    body,
    headers: { authorization: key },
  }).then((r) => {
    if (r.failed) throw new Error(`REST emit: ${r.failed} of ${r.ok + r.failed} calls failed`);
    return { perSecond: r.rps, count: r.ok };
  });
}

/**
 * The REST door's own price per delivery: the hookbench serve process's CPU
 * per POST /api/v1/emit, with the automation key (the local owner's, an
 * admin) and with a key that acts for an editor's account (its account is
 * read on every request, so a disabled account's key stops at once), on a
 * server holding 50 API keys.
 */
export const scenarios: BenchScenario[] = [
  {
    name: 'REST emit',
    run: () =>
      onOneEndpoint(async ({ url, raw, closers }) => {
        const hb = await startServe();
        closers.push(() => hb.stop());
        for (let i = 0; i < OTHER_KEYS; i++) await hb.rest('POST', '/api/v1/keys', { name: `team-${i}` });
        await hb.rest('POST', '/api/v1/users', {
          email: 'qa@example.org',
          role: 'editor',
          password: 'a bench passphrase 42',
        });
        const editorKey = (
          await hb.rest<{ key: string }>('POST', '/api/v1/keys', { name: 'qa', user: 'qa@example.org' })
        ).key;
        const { subscription } = await hb.rest<{ subscription: { id: string } }>('POST', '/api/v1/subscriptions', {
          name: 'bench',
          url,
        });
        const body = JSON.stringify(EMIT(subscription.id));
        const cpu = { raw: [] as number[], owner: [] as number[], editor: [] as number[] };
        const serveCpu = () => hb.cpuMs();
        await alternate({
          raw: () => withCpu(ownCpuMs, cpu.raw, () => raw.round(ROUND_MS)),
          owner: () => withCpu(serveCpu, cpu.owner, () => restRound(hb, body, serveApiKey)),
          editor: () => withCpu(serveCpu, cpu.editor, () => restRound(hb, body, editorKey)),
        });
        const load = loadNow();
        const cpuLine = (scenario: string, ours: number[], note: string): BenchLine =>
          cpuPerDeliveryLine(
            scenario,
            { ours, raw: cpu.raw },
            100,
            load,
            `${note}; medians of ${ROUNDS} alternating ${ROUND_MS / 1000} s rounds after a warm-up round of each; POST /api/v1/emit (wait: true) to the built hookbench serve holding ${OTHER_KEYS + 2} API keys, autocannon -c ${IN_FLIGHT} in its own process (its CPU not counted); baseline = the bench process's CPU per raw undici request`,
          );
        return [
          cpuLine(
            'CPU per delivery through the REST emit, automation key',
            cpu.owner,
            'HOOKBENCH_API_KEY (an admin key)',
          ),
          cpuLine(
            "CPU per delivery through the REST emit, an editor's key",
            cpu.editor,
            "a key acting for an editor's account (the account read per request)",
          ),
        ];
      }),
  },
];
