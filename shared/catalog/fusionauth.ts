import type { Fake } from './fake';
import { DAY, events, type CatalogEvent } from './types';

// Classic events existed before 1.30; the rest were added later. Envelope { event: { type, id, createInstant, tenantId, info, … } }.
const CLASSIC = [
  'user.create',
  'user.update',
  'user.delete',
  'user.deactivate',
  'user.reactivate',
  'user.action',
  'user.bulk.create',
  'jwt.refresh-token.revoke',
  'jwt.public-key.update',
];
const withComplete = (names: string[]) => names.flatMap((n) => [n, `${n}.complete`]);
const LATER = [
  'jwt.refresh',
  'user.login.success',
  'user.login.failed',
  'user.login.new-device',
  'user.login.suspicious',
  'user.registration.create',
  'user.registration.update',
  'user.registration.delete',
  'user.registration.verified',
  'user.email.verified',
  'user.email.update',
  'user.password.breach',
  'user.password.reset.send',
  'user.password.reset.start',
  'user.password.reset.success',
  'user.password.update',
  'user.create.complete',
  'user.update.complete',
  'user.delete.complete',
  'user.registration.create.complete',
  'user.registration.update.complete',
  'user.registration.delete.complete',
  'user.loginId.duplicate.create',
  'user.loginId.duplicate.update',
  'user.two-factor.method.add',
  'user.two-factor.method.remove',
  'user.two-factor.challenge',
  'user.two-factor.failed-attempt',
  'user.two-factor.success',
  'user.identity-provider.link',
  'user.identity-provider.unlink',
  'user.identity.verified',
  'user.identity.update',
  ...withComplete([
    'group.create',
    'group.update',
    'group.delete',
    'group.member.add',
    'group.member.remove',
    'group.member.update',
  ]),
  'audit-log.create',
  'event-log.create',
  'kickstart.success',
  ...withComplete(['entity.create', 'entity.update', 'entity.delete']),
  'test',
];

function describe(name: string, classic: boolean): string {
  const complete = name.endsWith('.complete') ? ' Non-transactional: sent after the change is committed.' : '';
  const words = name.replace(/\.complete$/, '').replace(/[.-]/g, ' ');
  return `FusionAuth "${words}" event${classic ? ' (classic)' : ''}.${complete}`;
}

function user(fake: Fake, tenantId: string) {
  const p = fake.person();
  return {
    id: fake.uuid(),
    tenantId,
    email: p.email,
    firstName: p.first,
    lastName: p.last,
    fullName: p.name,
    username: p.first.toLowerCase(),
    active: true,
    verified: fake.bool(0.8),
    passwordChangeRequired: false,
    twoFactor: { methods: [], recoveryCodes: [] },
    insertInstant: fake.msAgo(120 * DAY, DAY),
    lastUpdateInstant: fake.msAgo(DAY),
    lastLoginInstant: fake.msAgo(DAY),
    data: {},
    memberships: [],
    registrations: [],
  };
}

function registration(fake: Fake, applicationId: string) {
  return {
    id: fake.uuid(),
    applicationId,
    roles: [fake.pick(['user', 'admin'])],
    verified: true,
    insertInstant: fake.msAgo(30 * DAY),
    lastLoginInstant: fake.msAgo(DAY),
    usernameStatus: 'ACTIVE',
  };
}

function details(type: string, fake: Fake, tenantId: string): Record<string, unknown> {
  const applicationId = fake.uuid();
  const base = type.replace(/\.complete$/, '');
  if (base.startsWith('user.registration')) {
    const reg = registration(fake, applicationId);
    return { applicationId, user: { ...user(fake, tenantId), registrations: [reg] }, registration: reg };
  }
  if (base === 'user.bulk.create') return { users: [user(fake, tenantId), user(fake, tenantId)] };
  if (base === 'user.action')
    return {
      action: 'Suspend',
      actionId: fake.uuid(),
      actioneeUserId: fake.uuid(),
      actionerUserId: fake.uuid(),
      phase: 'start',
      reason: 'Spam',
      expiry: fake.baseTime + 7 * DAY * 1000,
      notifyUser: true,
    };
  if (base === 'jwt.refresh-token.revoke')
    return { applicationTimeToLiveInSeconds: { [applicationId]: 3600 }, userId: fake.uuid() };
  if (base === 'jwt.public-key.update') return { applicationIds: [applicationId] };
  if (base === 'jwt.refresh')
    return {
      applicationId,
      original: fake.chars(64),
      refreshToken: fake.chars(64),
      token: `eyJ${fake.chars(60)}`,
      userId: fake.uuid(),
    };
  if (base.startsWith('user.loginId.duplicate')) {
    const existing = user(fake, tenantId);
    return { duplicateEmail: existing.email, existing, user: user(fake, tenantId) };
  }
  if (base === 'user.login.failed')
    return {
      applicationId,
      authenticationType: 'PASSWORD',
      ipAddress: fake.ip(),
      reason: { code: 'InvalidPassword' },
      user: user(fake, tenantId),
    };
  if (base.startsWith('user.login'))
    return {
      applicationId,
      authenticationType: 'PASSWORD',
      connectorId: fake.uuid(),
      ipAddress: fake.ip(),
      user: user(fake, tenantId),
    };
  if (base.startsWith('group.member'))
    return {
      group: { id: fake.uuid(), name: 'Support', tenantId },
      members: [{ id: fake.uuid(), userId: fake.uuid(), insertInstant: fake.msAgo(DAY) }],
    };
  if (base.startsWith('group'))
    return { group: { id: fake.uuid(), name: fake.pick(['Support', 'Engineering', 'Sales']), tenantId, roles: {} } };
  if (base === 'audit-log.create')
    return {
      auditLog: {
        id: fake.int(1, 9999),
        insertInstant: fake.baseTime,
        insertUser: fake.person().email,
        message: 'Updated the tenant',
        reason: 'Admin UI',
      },
    };
  if (base === 'event-log.create')
    return {
      eventLog: {
        id: fake.int(1, 9999),
        insertInstant: fake.baseTime,
        message: 'SMTP connection refused',
        type: 'Error',
      },
    };
  if (base === 'kickstart.success') return { instanceId: fake.uuid() };
  if (base === 'test') return { message: 'You\u2019ve got a test event from FusionAuth.' };
  if (base.startsWith('entity'))
    return {
      entity: {
        id: fake.uuid(),
        name: 'Payment service',
        type: { id: fake.uuid(), name: 'API' },
        tenantId,
        clientId: fake.uuid(),
      },
    };
  if (base === 'user.two-factor.method.add' || base === 'user.two-factor.method.remove')
    return {
      method: { id: fake.chars(4), method: fake.pick(['authenticator', 'email', 'sms']) },
      user: user(fake, tenantId),
    };
  if (base === 'user.two-factor.challenge') return { applicationId, user: user(fake, tenantId) };
  if (base.startsWith('user.two-factor'))
    return { applicationId, method: fake.pick(['authenticator', 'email', 'sms']), user: user(fake, tenantId) };
  if (base === 'user.identity.verified') {
    const u = user(fake, tenantId);
    return { loginId: u.email, loginIdType: 'email', user: u };
  }
  if (base === 'user.identity.update') {
    const u = user(fake, tenantId);
    return { loginIdType: 'email', previousLoginId: fake.person().email, newLoginId: u.email, user: u };
  }
  if (base.startsWith('user.identity-provider'))
    return {
      identityProviderLink: {
        identityProviderId: fake.uuid(),
        identityProviderName: 'Google',
        userId: fake.uuid(),
        insertInstant: fake.baseTime,
      },
      user: user(fake, tenantId),
    };
  if (base === 'user.email.update') return { previousEmail: fake.person().email, user: user(fake, tenantId) };
  if (base === 'user.update') {
    // The same user before and after the change.
    const after = user(fake, tenantId);
    return {
      original: { ...after, firstName: fake.person().first, lastUpdateInstant: after.insertInstant },
      user: after,
    };
  }
  return { user: user(fake, tenantId) };
}

function envelope(type: string, fake: Fake) {
  const tenantId = fake.uuid();
  return {
    event: {
      type,
      id: fake.uuid(),
      createInstant: fake.baseTime,
      tenantId,
      info: {
        ipAddress: fake.ip(),
        userAgent: fake.userAgent(),
        deviceName: fake.pick(['macOS Safari', 'Windows Chrome', 'iPhone']),
        deviceType: fake.pick(['BROWSER', 'MOBILE']),
        location: { city: 'Denver', country: 'US' },
      },
      ...details(type, fake, tenantId),
    },
  };
}

export const fusionAuthCatalog: CatalogEvent[] = [
  ...events(
    CLASSIC.map((n) => [n, describe(n, true)]),
    envelope,
  ),
  ...events(
    LATER.map((n) => [n, describe(n, false)]),
    envelope,
  ),
];
