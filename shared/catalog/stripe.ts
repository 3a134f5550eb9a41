import type { Fake } from './fake';
import { DAY, events, type CatalogEvent } from './types';

const SAMPLES: [string, string][] = [
  ['payment_intent.succeeded', 'A PaymentIntent was paid.'],
  ['payment_intent.payment_failed', 'A payment attempt failed.'],
  ['charge.refunded', 'A charge was refunded.'],
  ['checkout.session.completed', 'A Checkout Session finished.'],
  ['customer.created', 'A customer was created.'],
  ['customer.subscription.created', 'A subscription started.'],
  ['customer.subscription.deleted', 'A subscription ended.'],
  ['invoice.paid', 'An invoice was paid.'],
  ['invoice.payment_failed', 'An invoice payment failed.'],
];

const unix = (fake: Fake, maxAgo = 0) => Math.floor(fake.msAgo(maxAgo) / 1000);

function object(type: string, fake: Fake): Record<string, unknown> {
  const customer = fake.prefixed('cus');
  const amount = fake.int(500, 50_000);
  if (type.startsWith('payment_intent')) {
    const failed = type.endsWith('failed');
    return {
      id: fake.prefixed('pi', 24),
      object: 'payment_intent',
      amount,
      amount_received: failed ? 0 : amount,
      currency: 'usd',
      customer,
      status: failed ? 'requires_payment_method' : 'succeeded',
      created: unix(fake, 600),
      livemode: false,
      ...(failed ? { last_payment_error: { code: 'card_declined', decline_code: 'insufficient_funds' } } : {}),
    };
  }
  if (type === 'charge.refunded')
    return {
      id: fake.prefixed('ch', 24),
      object: 'charge',
      amount,
      amount_refunded: amount,
      currency: 'usd',
      customer,
      refunded: true,
      created: unix(fake, DAY),
    };
  if (type === 'checkout.session.completed')
    return {
      id: fake.prefixed('cs_test', 58),
      object: 'checkout.session',
      amount_total: amount,
      currency: 'usd',
      customer,
      customer_details: { email: fake.person().email },
      mode: 'payment',
      payment_status: 'paid',
      status: 'complete',
    };
  if (type === 'customer.created') {
    const p = fake.person();
    return { id: customer, object: 'customer', email: p.email, name: p.name, created: unix(fake, 60), livemode: false };
  }
  if (type.startsWith('customer.subscription')) {
    const ended = type.endsWith('deleted');
    return {
      id: fake.prefixed('sub', 24),
      object: 'subscription',
      customer,
      status: ended ? 'canceled' : 'active',
      current_period_start: unix(fake, 10 * DAY),
      current_period_end: unix(fake) + 20 * DAY,
      items: {
        object: 'list',
        data: [
          {
            id: fake.prefixed('si'),
            price: {
              id: fake.prefixed('price', 24),
              unit_amount: amount,
              currency: 'usd',
              recurring: { interval: 'month' },
            },
          },
        ],
      },
    };
  }
  const failed = type.endsWith('failed');
  return {
    id: fake.prefixed('in', 24),
    object: 'invoice',
    customer,
    amount_due: amount,
    amount_paid: failed ? 0 : amount,
    currency: 'usd',
    status: failed ? 'open' : 'paid',
    attempt_count: failed ? fake.int(1, 4) : 1,
  };
}

export const stripeCatalog: CatalogEvent[] = events(SAMPLES, (type, fake) => ({
  id: fake.prefixed('evt', 24),
  object: 'event',
  api_version: '2024-06-20',
  created: unix(fake),
  data: { object: object(type, fake) },
  livemode: false,
  pending_webhooks: 1,
  request: { id: fake.prefixed('req'), idempotency_key: fake.uuid() },
  type,
}));
