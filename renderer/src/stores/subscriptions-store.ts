import { create } from 'zustand';
import type { AppError, Result } from '../../../shared/api/result';
import type {
  IssuedSecret,
  Subscription,
  SubscriptionHealth,
  TestSendResult,
} from '../../../shared/model/subscription';
import type { DeliveryChange, SubscriptionChange } from '../../../shared/model/subscription';
import { bridge } from '../bridge/bridge';
import type { CreateInput, UpdateInput } from '../features/subscriptions/subscription-form-model';

/** A secret to show once, with whose it is and why (created or regenerated). */
export interface ShownSecret {
  subscription: Subscription;
  issued: IssuedSecret;
  reason: 'created' | 'regenerated';
}

interface SubscriptionsState {
  items: Subscription[] | null;
  health: Record<string, SubscriptionHealth>;
  error: string | null;
  /** The freshly issued secret; cleared when its dialog closes, so it is never shown twice. */
  secret: ShownSecret | null;
  testResults: Record<string, { running: boolean; results: TestSendResult[] | null; error: string | null }>;
  load(): Promise<void>;
  loadHealth(id: string): Promise<void>;
  create(input: CreateInput): Promise<AppError | null>;
  update(input: UpdateInput): Promise<AppError | null>;
  remove(id: string): Promise<AppError | null>;
  setEnabled(id: string, enabled: boolean): Promise<void>;
  regenerate(id: string): Promise<AppError | null>;
  /** 'test': testSend (not logged); 'deliver': a real delivery per event (logged, retried, counted in health). */
  testSend(id: string, events: string[], mode?: 'test' | 'deliver'): Promise<void>;
  dismissSecret(): void;
  /** Keeps the list live from 'subscription.changed' and health from 'delivery.updated'; returns the unsubscribe. */
  connect(): () => void;
}

function replace(items: Subscription[] | null, s: Subscription): Subscription[] {
  const list = items ?? [];
  return list.some((x) => x.id === s.id) ? list.map((x) => (x.id === s.id ? s : x)) : [...list, s];
}

/** Each event's sample through the engine as a real delivery, waiting for its first attempt. */
async function deliverEach(sub: Subscription, events: string[]): Promise<Result<TestSendResult[]>> {
  const results: TestSendResult[] = [];
  for (const event of events) {
    const sample = await bridge().call('samplePayload', { provider: sub.profile, event });
    if (!sample.ok) return sample;
    const sent = await bridge().call('emit', {
      provider: sub.profile,
      event,
      payload: sample.value.body,
      target: { kind: 'subscription', id: sub.id },
      wait: true,
    });
    if (!sent.ok) return sent;
    const first = sent.value.deliveries[0]?.firstAttempt;
    results.push(
      first
        ? {
            event,
            ok: first.ok,
            status: first.status,
            error: first.error ?? (first.ok ? null : `answered ${first.status}`),
            body: first.responseBody,
            durationMs: first.durationMs,
          }
        : {
            event,
            ok: false,
            status: null,
            error: 'No delivery was made (is the subscription enabled and subscribed to this event?)',
            body: '',
            durationMs: null,
          },
    );
  }
  return { ok: true, value: results };
}

/** A cache of the core's subscriptions and their health, refreshed by calls and delivery events. */
export const useSubscriptionsStore = create<SubscriptionsState>((set, get) => ({
  items: null,
  health: {},
  error: null,
  secret: null,
  testResults: {},
  async load() {
    const r = await bridge().call('listSubscriptions', undefined);
    if (!r.ok) return set({ error: r.error.message });
    set({ items: r.value, error: null });
    await Promise.all(r.value.map((s) => get().loadHealth(s.id)));
  },
  async loadHealth(id) {
    const r = await bridge().call('subscriptionHealth', { id });
    if (r.ok) set((s) => ({ health: { ...s.health, [id]: r.value } }));
  },
  async create(input) {
    const r = await bridge().call('createSubscription', input);
    if (!r.ok) return r.error;
    set((s) => ({ items: replace(s.items, r.value.subscription), secret: { ...r.value, reason: 'created' } }));
    void get().loadHealth(r.value.subscription.id);
    return null;
  },
  async update(input) {
    const r = await bridge().call('updateSubscription', input);
    if (!r.ok) return r.error;
    set((s) => ({ items: replace(s.items, r.value) }));
    return null;
  },
  async remove(id) {
    const r = await bridge().call('deleteSubscription', { id });
    if (!r.ok) return r.error;
    set((s) => ({ items: (s.items ?? []).filter((x) => x.id !== id) }));
    return null;
  },
  async setEnabled(id, enabled) {
    // optimistic, so the switch moves under the pointer; the core's answer then wins
    const before = get().items?.find((x) => x.id === id);
    if (before) set((s) => ({ items: replace(s.items, { ...before, enabled }) }));
    const r = await bridge().call('setSubscriptionEnabled', { id, enabled });
    if (r.ok) set((s) => ({ items: replace(s.items, r.value), error: null }));
    else set((s) => ({ items: before ? replace(s.items, before) : s.items, error: r.error.message }));
  },
  async regenerate(id) {
    const r = await bridge().call('regenerateSecret', { id });
    if (!r.ok) return r.error;
    set((s) => ({ items: replace(s.items, r.value.subscription), secret: { ...r.value, reason: 'regenerated' } }));
    return null;
  },
  async testSend(id, events, mode = 'test') {
    set((s) => ({ testResults: { ...s.testResults, [id]: { running: true, results: null, error: null } } }));
    const sub = get().items?.find((x) => x.id === id);
    const r =
      mode === 'deliver' && sub ? await deliverEach(sub, events) : await bridge().call('testSend', { id, events });
    const entry = r.ok
      ? { running: false, results: r.value, error: null }
      : { running: false, results: null, error: r.error.message };
    set((s) => ({ testResults: { ...s.testResults, [id]: entry } }));
  },
  dismissSecret() {
    set({ secret: null });
  },
  connect() {
    // a burst of attempts for one subscription becomes one health read per frame
    const pending = new Set<string>();
    let timer: ReturnType<typeof setTimeout> | null = null;
    const flush = () => {
      timer = null;
      for (const id of pending) void get().loadHealth(id);
      pending.clear();
    };
    const offEvents = bridge().subscribe((message) => {
      if (message.name === 'subscription.changed') {
        // another door (CLI, REST, another window) or the engine changed one: read it again
        const { id, change } = message.payload as SubscriptionChange;
        if (change === 'deleted') set((s) => ({ items: s.items?.filter((x) => x.id !== id) ?? null }));
        else
          void bridge()
            .call('getSubscription', { id })
            .then((r) => {
              if (r.ok) set((s) => ({ items: replace(s.items, r.value) }));
            });
        return;
      }
      if (message.name !== 'delivery.updated') return;
      const change = message.payload as DeliveryChange;
      if (!change.subscriptionId || !get().items?.some((s) => s.id === change.subscriptionId)) return;
      pending.add(change.subscriptionId);
      timer ??= setTimeout(flush, 250);
    });
    const offConnection = bridge().onConnection((connected, locked) => {
      // events may have been missed while away; locked out, the failed load says why instead of "Loading…"
      if (connected || locked) void get().load();
    });
    return () => {
      offEvents();
      offConnection();
      if (timer) clearTimeout(timer);
    };
  },
}));
