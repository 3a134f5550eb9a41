import { createHmac, timingSafeEqual } from 'node:crypto';
import { generateFusionAuthKey, generateSecret, sign, verify } from '../../electron/core/signing';
import { samplePayload } from '../../shared/catalog';
import { isProfileId, profileIds, type FusionAuthKey, type ProfileId } from '../../shared/model/signing';
import { alternate } from '../rounds';
import { loadNow, median, round } from '../stats';
import type { BenchLine, BenchScenario } from '../types';

/** Each side's timed window per round; the sides alternate, so a busy second on the shared machine hits both. */
const WINDOW_MS = Number(process.env.BENCH_SIGNING_MS ?? 500);
const ROUNDS = Number(process.env.BENCH_SIGNING_ROUNDS ?? 5);
/** BENCH_SIGNING_PROFILES=logto,custom-hmac measures only those. */
const PROFILES = process.env.BENCH_SIGNING_PROFILES?.split(',') ?? profileIds;
const SAMPLE_EVENT: Record<ProfileId, string> = {
  'standard-webhooks': 'order.created',
  svix: 'order.created',
  'custom-hmac': 'order.created',
  fief: 'user.created',
  logto: 'PostSignIn',
  fusionauth: 'user.create',
  frontegg: 'frontegg.user.created',
  stripe: 'checkout.session.completed',
  github: 'pull_request',
  clerk: 'user.created',
  workos: 'user.created',
  okta: 'user.session.start',
  auth0: 's',
  supabase: 'send-email',
  kinde: 'user.created',
};

/** What makes a profile's figure differ in kind from the HMAC baseline. */
const NOTES: Partial<Record<ProfileId, string>> = {
  fusionauth: '; FusionAuth with an ES256 key',
  kinde: '; Kinde signs the body into an RS256 JWT (RSA-2048 key)',
  okta: '; Okta signs nothing: a header token compared in constant time',
  auth0: '; Auth0 signs nothing: a header token compared in constant time',
};

/**
 * Operations per second of the process's CPU time while `op` runs back to back
 * for the window. CPU time, not wall time: on a shared machine a window can
 * lose most of its wall time to other processes, which once made equal HMAC
 * profiles read 0.06 and 0.50 of the same baseline.
 */
async function opsPerCpuSecond(op: () => unknown): Promise<number> {
  let count = 0;
  const started = performance.now();
  const cpu0 = process.cpuUsage();
  while (performance.now() - started < WINDOW_MS) {
    for (let i = 0; i < 20; i++) await op();
    count += 20;
  }
  const cpu = process.cpuUsage(cpu0);
  return (count * 1e6) / (cpu.user + cpu.system);
}

/** The floor: sign then verify the same bytes with bare node:crypto, no parsing or explaining. */
function bareHmac(body: Buffer): () => void {
  const key = Buffer.alloc(32, 7);
  return () => {
    const sent = createHmac('sha256', key).update(body).digest();
    const check = createHmac('sha256', key).update(body).digest();
    if (!timingSafeEqual(sent, check)) throw new Error('bare HMAC mismatch');
  };
}

async function profileLine(profile: ProfileId): Promise<BenchLine> {
  const body = Buffer.from(samplePayload(profile, SAMPLE_EVENT[profile], { seed: 1 }).body);
  // ES256 shows the asymmetric cost FusionAuth users pick most; HMAC keys would flatter it.
  const keys: FusionAuthKey[] | undefined =
    profile === 'fusionauth' ? [await generateFusionAuthKey('ES256', 'bench')] : undefined;
  const secrets = profile === 'fusionauth' ? [] : [(await generateSecret(profile)).secret!];
  const custom =
    profile === 'custom-hmac'
      ? {
          header: 'X-Signature',
          prefix: 'sha256=',
          algorithm: 'sha256' as const,
          encoding: 'hex' as const,
          template: '{timestamp}.{body}',
          timestampHeader: 'X-Timestamp',
          toleranceSeconds: 300,
        }
      : undefined;
  const timestamp = Math.floor(Date.now() / 1000);
  const extra = { ...(keys ? { keys } : {}), ...(custom ? { custom } : {}) };
  const roundTrip = async () => {
    const signed = await sign({ profile, body, secrets, id: 'msg_bench', timestamp, ...extra });
    // Kinde's wire body is the signed JWT itself.
    const wire = signed.body !== undefined ? Buffer.from(signed.body) : body;
    const result = await verify({ profile, headers: signed.headers, body: wire, secrets, now: timestamp, ...extra });
    if (!result.valid) throw new Error(`${profile} did not verify its own signature: ${result.verdict}`);
  };
  const bare = bareHmac(body);
  const { ours, baseline } = await alternate(
    { baseline: () => opsPerCpuSecond(bare), ours: () => opsPerCpuSecond(roundTrip) },
    ROUNDS,
  );
  const o = median(ours);
  const b = median(baseline);
  return {
    scenario: `signing.${profile}.sign+verify`,
    unit: 'ops per CPU-second',
    ours: round(o, 0),
    baseline: round(b, 0),
    ratio: round(o / b, 3),
    rounds: { ours: ours.map((x) => round(x, 0)), baseline: baseline.map((x) => round(x, 0)) },
    loadavg: loadNow(),
    note: `${body.length}-byte ${SAMPLE_EVENT[profile]} body; medians of ${ROUNDS} alternating ${WINDOW_MS} ms rounds after a warm-up of each, counted against the process's CPU time; baseline = bare node:crypto HMAC-SHA256 sign+compare of the same bytes${NOTES[profile] ?? ''}`,
  };
}

export const scenarios: BenchScenario[] = [
  {
    name: 'signing',
    async run() {
      const lines: BenchLine[] = [];
      // One discarded profile first: whichever is measured first otherwise reads up to 2x slow
      // (standard-webhooks measured first, third and fifth in one run: 28k, 54k, 44k ops per CPU-second).
      await profileLine('standard-webhooks');
      for (const profile of PROFILES) {
        if (!isProfileId(profile)) throw new Error(`BENCH_SIGNING_PROFILES: no profile "${profile}"`);
        lines.push(await profileLine(profile));
      }
      return lines;
    },
  },
];
