import { catalogs, findEvent } from '../../../shared/catalog';
import type { ProfileId } from '../../../shared/model/signing';
import { DEFAULT_READ_TIMEOUT_MS } from '../engine/subscription-checks';

export { checkDefinitions } from './definitions';
export { toJunitXml } from './junit';
export { runChecks, type CheckOptions } from './run-checks';
export { subscriptionTarget } from '../engine/subscription-target';

export const DEFAULT_BURST = 10;

/** The timeout a provider holds answers to (Logto 10 s, Standard Webhooks 15 s, …): what an ad-hoc check uses. */
export const providerTimeoutMs = (profile: ProfileId) => DEFAULT_READ_TIMEOUT_MS[profile];

/**
 * The events to send: the ones asked for (each must be in the catalog), else
 * the subscription's first, else the profile's first catalog event.
 */
export function checkEvents(profile: ProfileId, given: string[] | undefined, subscribed?: string[] | 'all'): string[] {
  if (given?.length) {
    for (const e of given) findEvent(profile, e);
    return given;
  }
  if (subscribed && subscribed !== 'all' && subscribed.length) return [subscribed[0]!];
  return [catalogs[profile][0]!.name];
}
