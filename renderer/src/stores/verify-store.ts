import { create } from 'zustand';
import type { CustomHmacConfig, ProfileId, VerifyResult } from '../../../shared/model/signing';
import { cleanCustomHmac, defaultCustomHmac } from '../components/custom-hmac-editor';
import { bridge } from '../bridge/bridge';
import { parseHeaders, parseNow, parseSecrets } from '../features/verify/parse-headers';

export interface VerifyForm {
  provider: ProfileId;
  headersText: string;
  body: string;
  secretsText: string;
  nowText: string;
  custom: CustomHmacConfig;
  /** An inbox whose stored secrets are tried too (Open in Verify brings them by reference; they never reach the page). */
  storedSecret: { inboxId: string; name: string; profile: ProfileId } | null;
}

/** Problems found before calling the core, by field; the view shows each inline. */
export type VerifyFieldErrors = Partial<Record<'headers' | 'secrets' | 'now' | 'body', string>>;

interface VerifyState extends VerifyForm {
  running: boolean;
  result: VerifyResult | null;
  /** A readable message when the call itself failed (not when the signature is invalid). */
  error: string | null;
  fieldErrors: VerifyFieldErrors;
  set(patch: Partial<VerifyForm>): void;
  verify(): Promise<void>;
  clearResult(): void;
}

/** Maps the core's field paths onto the form's fields. */
function mapFieldErrors(fieldErrors: Record<string, string[]> | undefined): VerifyFieldErrors {
  const out: VerifyFieldErrors = {};
  for (const [path, messages] of Object.entries(fieldErrors ?? {})) {
    const field = path.split('.')[0];
    const message = messages.join('; ');
    if (field === 'headers') out.headers = message;
    else if (field === 'secrets' || field === 'secret' || field === 'keys') out.secrets = message;
    else if (field === 'now') out.now = message;
    else if (field === 'body') out.body = message;
  }
  return out;
}

/** The Verify form survives switching areas; the result is cleared when the input changes. */
export const useVerifyStore = create<VerifyState>((set, get) => ({
  provider: 'standard-webhooks',
  headersText: '',
  body: '',
  secretsText: '',
  nowText: '',
  custom: defaultCustomHmac,
  storedSecret: null,
  running: false,
  result: null,
  error: null,
  fieldErrors: {},
  set(patch) {
    // a result describes the input it was computed for; stale ones mislead
    set({ ...patch, result: null, error: null, fieldErrors: {} });
  },
  clearResult() {
    set({ result: null, error: null });
  },
  async verify() {
    const s = get();
    if (s.running) return;
    const parsed = parseHeaders(s.headersText);
    const now = parseNow(s.nowText);
    const fieldErrors: VerifyFieldErrors = {};
    if (parsed.errors.length) fieldErrors.headers = parsed.errors.join(' ');
    else if (Object.keys(parsed.headers).length === 0)
      fieldErrors.headers = 'Paste the request headers: the signature travels in them.';
    if (now.error) fieldErrors.now = now.error;
    if (Object.keys(fieldErrors).length) return set({ fieldErrors, result: null, error: null });

    set({ running: true, error: null, fieldErrors: {} });
    const r = await bridge().call('verify', {
      provider: s.provider,
      headers: parsed.headers,
      body: s.body,
      secrets: parseSecrets(s.secretsText),
      ...(now.value !== undefined ? { now: now.value } : {}),
      ...(s.provider === 'custom-hmac' ? { custom: cleanCustomHmac(s.custom) } : {}),
      ...(s.storedSecret?.profile === s.provider ? { using: { inboxId: s.storedSecret.inboxId } } : {}),
    });
    if (r.ok) set({ running: false, result: r.value });
    else
      set({ running: false, result: null, error: r.error.message, fieldErrors: mapFieldErrors(r.error.fieldErrors) });
  },
}));
