import type { Fake } from './fake';
import { events, type CatalogEvent } from './types';

// Source: Auth0 log event type codes; a custom webhook log stream POSTs a JSON array of { log_id, data }.
const EVENTS: [string, string][] = [
  ['s', 'Success Login.'],
  ['f', 'Failed Login.'],
  ['fp', 'Failed Login (Incorrect Password).'],
  ['fu', 'Failed Login (Invalid Email/Username).'],
  ['ss', 'Success Signup.'],
  ['fs', 'Failed Signup.'],
  ['slo', 'Success Logout.'],
  ['scp', 'Success Change Password.'],
  ['fcp', 'Failed Change Password.'],
  ['scpr', 'Success Change Password Request.'],
  ['sv', 'Success Verification Email.'],
  ['du', 'Deleted User.'],
  ['sapi', 'Success API Operation.'],
  ['fapi', 'Failed API Operation.'],
  ['seacft', 'Success Exchange (Authorization Code for Access Token).'],
  ['feacft', 'Failed Exchange (Authorization Code for Access Token).'],
  ['limit_wc', 'Blocked Account (too many failed logins from one IP).'],
  ['gd_enrollment_complete', 'MFA enrollment complete.'],
];

function logEntry(type: string, description: string, fake: Fake, offsetSeconds: number) {
  const p = fake.person();
  const logId = `900${fake.chars(53, '0123456789')}`;
  const failed = type.startsWith('f') || type === 'limit_wc';
  return {
    log_id: logId,
    data: {
      date: new Date(fake.baseTime - offsetSeconds * 1000).toISOString(),
      type,
      description: failed ? 'Wrong email or password.' : description.replace(/\.$/, ''),
      connection: 'Username-Password-Authentication',
      connection_id: `con_${fake.chars(16)}`,
      client_id: fake.chars(32),
      client_name: 'My App',
      ip: fake.ip(),
      user_agent: fake.userAgent(),
      details: {
        prompts: [],
        initiatedAt: fake.baseTime - offsetSeconds * 1000 - 900,
        completedAt: fake.baseTime - offsetSeconds * 1000,
      },
      hostname: 'example.eu.auth0.com',
      user_id: `auth0|${fake.hex(24)}`,
      user_name: p.email,
      strategy: 'auth0',
      strategy_type: 'database',
      log_id: logId,
      tenant_name: 'example',
    },
  };
}

/** One batch as a log stream sends it: two entries of the event type, oldest first. */
export const auth0Catalog: CatalogEvent[] = events(EVENTS, (type, fake) => {
  const description = EVENTS.find(([t]) => t === type)![1];
  return [logEntry(type, description, fake, 2), logEntry(type, description, fake, 0)];
});
