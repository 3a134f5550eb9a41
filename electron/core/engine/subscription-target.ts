import type { Subscription } from '../../../shared/model/subscription';
import type { SigningMaterial } from './negative-tests';
import type { TargetSpec } from './request-builder';
import type { SubscriptionService } from './subscriptions';

/**
 * How a subscription's requests are signed and sent: its secret, headers,
 * basic auth and timeouts. Without the URL: a delivery keeps the URL it was
 * queued for, while a test send or a check goes to the subscription's current one.
 */
export function subscriptionSpec(
  sub: Subscription,
  material: SigningMaterial & { basicAuthPassword?: string },
): Omit<TargetSpec, 'url'> {
  return {
    profile: sub.profile,
    material,
    headers: sub.headers,
    basicAuth: sub.basicAuth ? { username: sub.basicAuth.username, password: material.basicAuthPassword ?? '' } : null,
    connectTimeoutMs: sub.connectTimeoutMs,
    readTimeoutMs: sub.readTimeoutMs,
    caCertificatePem: sub.caCertificatePem,
  };
}

/** A subscription as a target now: its current URL, secret, headers and basic auth; answers held to its read timeout. */
export function subscriptionTarget(subscriptions: SubscriptionService, id: string): TargetSpec {
  const sub = subscriptions.get(id);
  return { url: sub.url, ...subscriptionSpec(sub, subscriptions.material(id)) };
}
