import { create } from 'zustand';
import type { CustomHmacConfig, ProfileId, SignOutput } from '../../../shared/model/signing';
import { cleanCustomHmac, defaultCustomHmac } from '../components/custom-hmac-editor';
import type { DeliveryChange, EmitResult, NegativeOptions } from '../../../shared/model/subscription';
import { customHmacSchema } from '../../../shared/validate/custom-hmac';
import { bridge } from '../bridge/bridge';
import { urlProblem } from '../components/url-problem';
import { jsonSyntaxError } from '../editor/editor-problem';

export type TargetKind = 'url' | 'matching' | 'subscription';

export interface SendForm {
  provider: ProfileId;
  event: string;
  seed: number;
  payload: string;
  target: TargetKind;
  url: string;
  secret: string;
  subscriptionId: string;
  negative: NegativeOptions;
  /** The scheme for the Custom HMAC profile (ad-hoc URL targets). */
  custom: CustomHmacConfig;
}

export type SendFieldErrors = Partial<
  Record<'event' | 'payload' | 'url' | 'secret' | 'subscriptionId' | 'negative' | 'custom', string>
>;

/** A sent delivery as it moves on after the answer Send waited for: each attempt, and the next one's time. */
export interface DeliveryProgress {
  outcome: DeliveryChange['outcome'];
  nextAttemptAt: string | null;
  /** Status per attempt number (null: no HTTP answer). */
  attempts: { n: number; status: number | null }[];
}

export interface SignedPreview extends SignOutput {
  /** Unix seconds the preview was signed at: a copied curl is only valid within the tolerance. */
  signedAt: number;
}

interface SendState extends SendForm {
  sampleLoading: boolean;
  sampleError: string | null;
  preview: SignedPreview | null;
  previewError: string | null;
  sending: boolean;
  result: EmitResult | null;
  /** The result's deliveries followed live (retries scheduled, made, finished), by delivery id. */
  progress: Record<string, DeliveryProgress>;
  sendError: string | null;
  fieldErrors: SendFieldErrors;
  set(patch: Partial<SendForm>): void;
  /** Follows the sent deliveries from core events; returns the unsubscribe. */
  follow(): () => void;
  chooseEvent(provider: ProfileId, event: string): Promise<void>;
  loadSample(seed?: number): Promise<void>;
  refreshPreview(): Promise<SignedPreview | null>;
  send(): Promise<void>;
}

function fieldErrorsOf(fieldErrors: Record<string, string[]> | undefined): SendFieldErrors {
  const out: SendFieldErrors = {};
  for (const [path, messages] of Object.entries(fieldErrors ?? {})) {
    const parts = path.split('.');
    const key =
      parts[0] === 'target'
        ? parts[1] === 'id'
          ? 'subscriptionId'
          : parts[1]
        : parts[0] === 'body'
          ? 'payload'
          : parts[0] === 'secrets'
            ? 'secret'
            : parts[0];
    if (
      key === 'event' ||
      key === 'payload' ||
      key === 'url' ||
      key === 'secret' ||
      key === 'subscriptionId' ||
      key === 'negative'
    )
      out[key] = messages.join('; ');
  }
  return out;
}

/**
 * Problems the form can see without the core, with the core's own validators
 * where there are shared ones: these block Send and Copy as curl, and the
 * page never asks the core to sign or send what it would refuse.
 */
export function localProblems(s: SendForm): SendFieldErrors {
  const errors: SendFieldErrors = {};
  const json = jsonSyntaxError(s.payload);
  if (json) errors.payload = json;
  if (!s.event) errors.event = 'Pick an event.';
  if (s.target === 'url') {
    const url = urlProblem(s.url);
    if (url) errors.url = url;
    if (!s.secret.trim()) errors.secret = 'Enter the secret to sign with, or press Generate';
    if (s.provider === 'custom-hmac') {
      const custom = customHmacSchema.safeParse(cleanCustomHmac(s.custom));
      if (!custom.success) errors.custom = custom.error.issues[0]!.message;
    }
  }
  if (s.target === 'subscription' && !s.subscriptionId) errors.subscriptionId = 'Pick a subscription.';
  return errors;
}

/** What the preview needs to sign: everything but where it goes. */
export function canSign(s: SendForm): boolean {
  const p = localProblems(s);
  return s.target === 'url' && !p.payload && !p.event && !p.secret && !p.custom;
}

let previewSeq = 0;

/** The Send form survives switching areas; its preview and result are caches of core answers. */
export const useSendStore = create<SendState>((set, get) => ({
  provider: 'standard-webhooks',
  event: '',
  seed: 1,
  payload: '',
  target: 'url',
  url: '',
  secret: '',
  subscriptionId: '',
  negative: {},
  custom: defaultCustomHmac,
  sampleLoading: false,
  sampleError: null,
  preview: null,
  previewError: null,
  sending: false,
  result: null,
  progress: {},
  sendError: null,
  fieldErrors: {},
  set(patch) {
    set({ ...patch, fieldErrors: {}, sendError: null });
  },
  async chooseEvent(provider, event) {
    set({ provider, event, fieldErrors: {}, sendError: null, result: null });
    if (event) await get().loadSample();
  },
  async loadSample(seed) {
    const { provider, event } = get();
    const nextSeed = seed ?? get().seed;
    set({ sampleLoading: true, sampleError: null, seed: nextSeed });
    const r = await bridge().call('samplePayload', { provider, event, seed: nextSeed });
    // a later choice may have replaced this one while it loaded
    if (get().provider !== provider || get().event !== event) return;
    if (r.ok) set({ sampleLoading: false, payload: r.value.body, fieldErrors: {} });
    else set({ sampleLoading: false, sampleError: r.error.message });
  },
  async refreshPreview() {
    const s = get();
    const seq = ++previewSeq;
    if (!canSign(s)) {
      set({ preview: null, previewError: null });
      return null;
    }
    const signedAt = Math.floor(Date.now() / 1000);
    const r = await bridge().call('sign', {
      provider: s.provider,
      body: s.payload,
      secrets: s.secret ? [s.secret] : [],
      event: s.event,
      timestamp: signedAt,
      ...(s.provider === 'custom-hmac' ? { custom: cleanCustomHmac(s.custom) } : {}),
    });
    if (seq !== previewSeq) return null; // a newer preview is on its way
    if (r.ok) {
      const preview = { ...r.value, signedAt };
      set({ preview, previewError: null });
      return preview;
    }
    set({ preview: null, previewError: r.error.message });
    return null;
  },
  async send() {
    const s = get();
    if (s.sending) return;
    const problems = localProblems(s);
    if (Object.keys(problems).length)
      return set({ fieldErrors: problems, sendError: 'Fix the marked fields first: nothing was sent.' });
    const target =
      s.target === 'url'
        ? {
            kind: 'url' as const,
            url: s.url.trim(),
            ...(s.secret ? { secret: s.secret } : {}),
            ...(s.provider === 'custom-hmac' ? { custom: cleanCustomHmac(s.custom) } : {}),
          }
        : s.target === 'subscription'
          ? { kind: 'subscription' as const, id: s.subscriptionId }
          : { kind: 'matching' as const };
    const negative = Object.fromEntries(
      Object.entries(s.negative).filter(([, v]) => v !== undefined && v !== false && v !== 0),
    ) as NegativeOptions;
    set({ sending: true, sendError: null, fieldErrors: {}, result: null, progress: {} });
    const r = await bridge().call('emit', {
      provider: s.provider,
      event: s.event,
      payload: s.payload,
      target,
      ...(Object.keys(negative).length ? { negative } : {}),
      wait: true,
    });
    if (!r.ok)
      return set({ sending: false, sendError: r.error.message, fieldErrors: fieldErrorsOf(r.error.fieldErrors) });
    // The first attempt's answer says what comes next; events that overtook the answer are already in `progress`.
    const progress = { ...get().progress };
    for (const d of r.value.deliveries) {
      const a = d.firstAttempt;
      if (!a || progress[d.deliveryId]?.attempts.length) continue;
      progress[d.deliveryId] = {
        outcome: a.ok ? 'succeeded' : a.nextAttemptAt ? 'retrying' : 'failed',
        nextAttemptAt: a.nextAttemptAt,
        attempts: [{ n: 1, status: a.status }],
      };
    }
    set({ sending: false, result: r.value, progress });
  },
  follow() {
    return bridge().subscribe((message) => {
      if (message.name !== 'delivery.updated') return;
      const change = message.payload as DeliveryChange;
      const { sending, result, progress } = get();
      // while Send waits, any delivery may be one of ours: keep it until the answer says
      if (!sending && !result?.deliveries.some((d) => d.deliveryId === change.id)) return;
      const before = progress[change.id];
      const attempts = [...(before?.attempts ?? [])];
      if (change.attempts > 0 && !attempts.some((a) => a.n === change.attempts))
        attempts.push({ n: change.attempts, status: change.lastStatus });
      set({
        progress: {
          ...progress,
          [change.id]: { outcome: change.outcome, nextAttemptAt: change.nextAttemptAt, attempts },
        },
      });
    });
  },
}));
