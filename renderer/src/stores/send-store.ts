import { create } from 'zustand';
import type { CustomHmacConfig, ProfileId, SignOutput } from '../../../shared/model/signing';
import { cleanCustomHmac, defaultCustomHmac } from '../components/custom-hmac-editor';
import type { EmitResult, NegativeOptions } from '../../../shared/model/subscription';
import { bridge } from '../bridge/bridge';
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
  Record<'event' | 'payload' | 'url' | 'secret' | 'subscriptionId' | 'negative', string>
>;

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
  sendError: string | null;
  fieldErrors: SendFieldErrors;
  set(patch: Partial<SendForm>): void;
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

/** Problems the form can see without the core: these block Send and Copy as curl. */
export function localProblems(s: SendForm): SendFieldErrors {
  const errors: SendFieldErrors = {};
  const json = jsonSyntaxError(s.payload);
  if (json) errors.payload = json;
  if (!s.event) errors.event = 'Pick an event.';
  if (s.target === 'url') {
    if (!/^https?:\/\/\S+$/i.test(s.url.trim()))
      errors.url = 'Enter an http:// or https:// URL, e.g. http://localhost:3000/webhooks';
  }
  if (s.target === 'subscription' && !s.subscriptionId) errors.subscriptionId = 'Pick a subscription.';
  return errors;
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
    if (s.target !== 'url' || jsonSyntaxError(s.payload) || !s.event) {
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
    set({ sending: true, sendError: null, fieldErrors: {}, result: null });
    const r = await bridge().call('emit', {
      provider: s.provider,
      event: s.event,
      payload: s.payload,
      target,
      ...(Object.keys(negative).length ? { negative } : {}),
      wait: true,
    });
    if (r.ok) set({ sending: false, result: r.value });
    else set({ sending: false, sendError: r.error.message, fieldErrors: fieldErrorsOf(r.error.fieldErrors) });
  },
}));
