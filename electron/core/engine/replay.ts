import type { z } from 'zod';
import type { deliveryMethods } from '../../../shared/api/methods/delivery';
import { AppFailure } from '../../../shared/api/result';
import { isProfileId, type ProfileId } from '../../../shared/model/signing';
import type { EmitResult } from '../../../shared/model/subscription';
import type { BodyView } from '../../../shared/model/exchange';
import { newMessageId } from '../signing';
import type { ExchangeStore } from '../store/port';
import { AD_HOC } from './engine';
import { adHocSpec, requireSomethingSent, type Destination, type Emitter } from './emitter';
import type { SubscriptionService } from './subscriptions';

type ReplayInput = z.output<(typeof deliveryMethods)['replay']['input']>;

function bytesOf(view: BodyView, what: string): Uint8Array {
  if (view.truncated)
    throw new AppFailure(
      'failed',
      `The stored ${what} body was cut at the storage cap; pass an edited body to replay it.`,
      { body: ['Stored body is truncated'] },
    );
  return view.base64 !== null ? Buffer.from(view.base64, 'base64') : Buffer.from(view.text ?? '', 'utf8');
}

/**
 * Sends a logged delivery or capture again as a new delivery, re-signed with a
 * fresh timestamp. An unchanged body keeps its message id (a receiver's
 * idempotency check should spot it, as with a provider's "resend"); an edited one is a new message.
 */
export async function replay(
  input: ReplayInput,
  deps: { exchanges: ExchangeStore; subscriptions: SubscriptionService; emitter: Emitter },
): Promise<EmitResult> {
  const found = await deps.exchanges.replaySource(input.id);
  if (!found)
    throw new AppFailure('not_found', `No delivery or capture with id ${JSON.stringify(input.id)} in the log.`);
  let profile: ProfileId | null = found.profile && isProfileId(found.profile) ? found.profile : null;
  const event = found.eventType ?? 'replay';
  const eventId = input.body !== undefined ? null : found.eventId;
  let original: Destination | null = null;
  if (found.kind === 'delivery' && found.subscriptionId !== AD_HOC)
    original = { subscriptionId: found.subscriptionId, url: found.targetUrl! };
  const body = input.body !== undefined ? Buffer.from(input.body, 'utf8') : bytesOf(found.body, found.kind);

  const t = input.target;
  let destination: Destination;
  if (t.kind === 'original') {
    if (!original) {
      throw new AppFailure(
        'invalid_input',
        found.kind === 'capture'
          ? 'A capture has no original target: choose a subscription or a URL.'
          : 'This delivery went to an ad-hoc URL whose secret was not stored: give the target again.',
        { target: ['Choose a target'] },
      );
    }
    const sub = deps.subscriptions.get(original.subscriptionId!);
    destination = { subscriptionId: sub.id, url: original.url };
    profile = sub.profile;
  } else if (t.kind === 'subscription') {
    const sub = deps.subscriptions.get(t.id);
    destination = { subscriptionId: sub.id, url: sub.url };
    profile = sub.profile;
  } else {
    profile = t.provider ?? profile;
    if (!profile)
      throw new AppFailure('invalid_input', 'Say which provider signs the replay.', {
        'target.provider': ['Required for a capture'],
      });
    destination = { subscriptionId: null, url: t.url, adHoc: adHocSpec(profile, t) };
  }
  return requireSomethingSent(
    await deps.emitter.deliver(profile, event, eventId ?? newMessageId(), body, [destination], {
      wait: input.wait,
      replayOf: found.id,
    }),
  );
}
