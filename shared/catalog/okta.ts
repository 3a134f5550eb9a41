import type { Fake } from './fake';
import { events, type CatalogEvent } from './types';

// Source: Okta event hooks guide (envelope) and the System Log event types catalog.
const EVENTS: [string, string][] = [
  ['user.lifecycle.create', 'A user was created.'],
  ['user.lifecycle.activate', 'A user was activated.'],
  ['user.lifecycle.deactivate', 'A user was deactivated.'],
  ['user.lifecycle.suspend', 'A user was suspended.'],
  ['user.lifecycle.unsuspend', 'A user was unsuspended.'],
  ['user.lifecycle.delete.initiated', 'A user deletion started.'],
  ['user.account.lock', 'An account was locked after failed sign-ins.'],
  ['user.account.update_password', 'A user changed their password.'],
  ['user.account.update_profile', "A user's profile changed."],
  ['user.session.start', 'A user signed in.'],
  ['user.session.end', 'A user signed out.'],
  ['user.authentication.auth_via_mfa', 'A user authenticated with MFA.'],
  ['user.mfa.factor.activate', 'A user enrolled an MFA factor.'],
  ['group.user_membership.add', 'A user was added to a group.'],
  ['group.user_membership.remove', 'A user was removed from a group.'],
  ['application.user_membership.add', 'A user was assigned to an app.'],
  ['application.user_membership.remove', 'A user was unassigned from an app.'],
];

const oktaId = (fake: Fake, prefix: string) => `${prefix}${fake.chars(17)}`;

function logEvent(eventType: string, fake: Fake) {
  const p = fake.person();
  const user = { id: oktaId(fake, '00u'), type: 'User', alternateId: p.email, displayName: p.name, detailEntry: null };
  const target: unknown[] = [user];
  if (eventType.startsWith('group.'))
    target.push({
      id: oktaId(fake, '00g'),
      type: 'UserGroup',
      alternateId: 'unknown',
      displayName: 'Engineering',
      detailEntry: null,
    });
  if (eventType.startsWith('application.'))
    target.push({
      id: oktaId(fake, '0oa'),
      type: 'AppInstance',
      alternateId: 'My app',
      displayName: 'My app',
      detailEntry: null,
    });
  const failed = eventType === 'user.account.lock';
  return {
    uuid: fake.uuid(),
    published: fake.now(),
    eventType,
    version: '0',
    displayMessage: eventType.replace(/[._]/g, ' '),
    severity: failed ? 'WARN' : 'INFO',
    client: {
      userAgent: { rawUserAgent: fake.userAgent(), os: 'Mac OS X', browser: 'CHROME' },
      zone: 'null',
      device: 'Computer',
      id: null,
      ipAddress: fake.ip(),
      geographicalContext: {
        city: 'Paris',
        state: 'Ile-de-France',
        country: 'France',
        postalCode: null,
        geolocation: { lat: 48.86, lon: 2.35 },
      },
    },
    actor: user,
    outcome: { result: failed ? 'FAILURE' : 'SUCCESS', reason: failed ? 'LOCKED_OUT' : null },
    target,
    transaction: { type: 'WEB', id: fake.chars(27), detail: {} },
    debugContext: { debugData: { requestId: fake.chars(27), requestUri: '/api/v1/authn', url: '/api/v1/authn?' } },
    legacyEventType: null,
    authenticationContext: {
      authenticationProvider: null,
      credentialProvider: null,
      credentialType: null,
      issuer: null,
      authenticationStep: 0,
      externalSessionId: fake.chars(25),
      interface: null,
    },
    securityContext: { asNumber: null, asOrg: null, isp: null, domain: null, isProxy: null },
  };
}

export const oktaCatalog: CatalogEvent[] = events(EVENTS, (eventType, fake) => ({
  eventType: 'com.okta.event_hook',
  eventTypeVersion: '1.0',
  cloudEventsVersion: '0.1',
  source: `https://dev-${fake.chars(8, '0123456789')}.okta.com/api/v1/eventHooks/${oktaId(fake, 'who')}`,
  eventId: fake.uuid(),
  data: { events: [logEvent(eventType, fake)] },
  eventTime: fake.now(),
  contentType: 'application/json',
}));
