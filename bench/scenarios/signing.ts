import { createHmac, timingSafeEqual } from 'node:crypto';
import { generateFusionAuthKey, generateSecret, sign, verify } from '../../electron/core/signing';
import { samplePayload } from '../../shared/catalog';
import { profileIds, type FusionAuthKey, type ProfileId } from '../../shared/model/signing';
import { round } from '../stats';
import type { BenchLine, BenchScenario } from '../types';

const WINDOW_MS = Number(process.env.BENCH_SIGNING_MS ?? 400);
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

/** Operations per second of `op`, run back to back for the window (after a short warm-up). */
async function opsPerSecond(op: () => unknown): Promise<number> {
  for (let i = 0; i < 300; i++) await op();
  let count = 0;
  const started = performance.now();
  let elapsed = 0;
  while (elapsed < WINDOW_MS) {
    for (let i = 0; i < 20; i++) await op();
    count += 20;
    elapsed = performance.now() - started;
  }
  return (count * 1000) / elapsed;
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
  const baseline = await opsPerSecond(bareHmac(body));
  const ours = await opsPerSecond(roundTrip);
  return {
    scenario: `signing.${profile}.sign+verify`,
    unit: 'ops/s',
    ours: round(ours, 0),
    baseline: round(baseline, 0),
    ratio: round(ours / baseline, 3),
    note: `${body.length}-byte ${SAMPLE_EVENT[profile]} body; baseline = bare node:crypto HMAC-SHA256 sign+compare of the same bytes${NOTES[profile] ?? ''}`,
  };
}

export const scenarios: BenchScenario[] = [
  {
    name: 'signing',
    async run() {
      const lines: BenchLine[] = [];
      // One discarded round: the first profile measured otherwise pays the JIT warm-up of the shared HMAC path.
      await profileLine('standard-webhooks');
      for (const profile of profileIds) lines.push(await profileLine(profile));
      return lines;
    },
  },
];
