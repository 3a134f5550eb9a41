import type { Fake } from './fake';
import { DAY, events, type CatalogEvent } from './types';

// Sample events in the envelope the spec recommends: { type, timestamp, data }.
const SAMPLES: [string, string][] = [
  ['user.created', 'A user account was created.'],
  ['user.updated', 'A user account changed.'],
  ['user.deleted', 'A user account was deleted.'],
  ['invoice.paid', 'An invoice was paid.'],
  ['order.created', 'An order was placed.'],
  ['subscription.canceled', 'A subscription was canceled.'],
];

function data(type: string, fake: Fake): unknown {
  if (type.startsWith('user')) {
    const p = fake.person();
    return { id: fake.prefixed('user'), email: p.email, name: p.name, createdAt: fake.isoAgo(30 * DAY, DAY) };
  }
  if (type === 'invoice.paid')
    return {
      id: fake.prefixed('inv'),
      customerId: fake.prefixed('cus'),
      amount: fake.int(500, 99_900),
      currency: 'usd',
      paidAt: fake.isoAgo(60),
    };
  if (type === 'order.created') {
    return {
      id: fake.prefixed('ord'),
      customerEmail: fake.person().email,
      items: [{ sku: `SKU-${fake.chars(6, '0123456789')}`, quantity: fake.int(1, 5), unitPrice: fake.int(199, 9_999) }],
      currency: 'eur',
    };
  }
  return {
    id: fake.prefixed('sub'),
    customerId: fake.prefixed('cus'),
    canceledAt: fake.now(),
    reason: fake.pick(['too_expensive', 'missing_features', 'other']),
  };
}

export const standardWebhooksCatalog: CatalogEvent[] = events(SAMPLES, (type, fake) => ({
  type,
  timestamp: fake.now(),
  data: data(type, fake),
}));
