import type { Fake } from './fake';
import { DAY, events, type CatalogEvent } from './types';

// Source: packages/schemas/src/foundations/jsonb-types/hooks.ts. Flat envelope.
const INTERACTION: [string, string][] = [
  ['PostRegister', 'A user finished registering through the sign-in experience.'],
  ['PostSignIn', 'A user signed in.'],
  ['PostSignInAdaptiveMfaTriggered', 'Adaptive MFA was triggered during sign-in.'],
  ['PostResetPassword', 'A user reset their password.'],
];
const DATA: [string, string][] = [
  ['User.Created', 'A user was created.'],
  ['User.Deleted', 'A user was deleted (data is null).'],
  ['User.Data.Updated', "A user's data was updated."],
  ['User.SuspensionStatus.Updated', 'A user was suspended or unsuspended.'],
  ['Role.Created', 'A role was created.'],
  ['Role.Deleted', 'A role was deleted.'],
  ['Role.Data.Updated', 'A role was updated.'],
  ['Role.Scopes.Updated', "A role's scopes changed."],
  ['Scope.Created', 'An API resource scope was created.'],
  ['Scope.Deleted', 'A scope was deleted.'],
  ['Scope.Data.Updated', 'A scope was updated.'],
  ['Organization.Created', 'An organization was created.'],
  ['Organization.Deleted', 'An organization was deleted.'],
  ['Organization.Data.Updated', 'An organization was updated.'],
  ['Organization.Membership.Updated', 'Members were added to or removed from an organization.'],
  ['OrganizationRole.Created', 'An organization role was created.'],
  ['OrganizationRole.Deleted', 'An organization role was deleted.'],
  ['OrganizationRole.Data.Updated', 'An organization role was updated.'],
  ['OrganizationRole.Scopes.Updated', "An organization role's scopes changed."],
  ['OrganizationScope.Created', 'An organization scope was created.'],
  ['OrganizationScope.Deleted', 'An organization scope was deleted.'],
  ['OrganizationScope.Data.Updated', 'An organization scope was updated.'],
  ['Identifier.Lockout', 'An identifier was locked out after too many failed attempts.'],
  ['Message.RateLimited', 'Sending a verification message was rate limited.'],
  ['Grant.LimitExceeded', 'A grant limit was exceeded.'],
];

const id = (fake: Fake) => fake.chars(12, '0123456789abcdefghijklmnopqrstuvwxyz');

function user(fake: Fake) {
  const p = fake.person();
  return {
    id: id(fake),
    username: p.first.toLowerCase() + fake.int(1, 99),
    primaryEmail: p.email,
    primaryPhone: null,
    name: p.name,
    avatar: null,
    customData: {},
    identities: {},
    lastSignInAt: fake.msAgo(DAY),
    createdAt: fake.msAgo(90 * DAY, DAY),
    updatedAt: fake.msAgo(DAY),
    profile: {},
    applicationId: id(fake),
    isSuspended: false,
  };
}

function entity(event: string, fake: Fake): unknown {
  const kind = event.split('.')[0];
  if (event === 'User.Deleted') return null;
  if (kind === 'User') return user(fake);
  if (kind === 'Role')
    return {
      id: id(fake),
      tenantId: 'default',
      name: fake.pick(['admin', 'editor', 'viewer']),
      description: 'Sample role',
      type: 'User',
      isDefault: false,
    };
  if (kind === 'Scope' || kind === 'OrganizationScope')
    return { id: id(fake), name: fake.pick(['read:reports', 'write:projects']), description: 'Sample scope' };
  if (kind === 'Organization')
    return {
      id: id(fake),
      tenantId: 'default',
      name: fake.company(),
      description: null,
      customData: {},
      isMfaRequired: false,
      createdAt: fake.msAgo(30 * DAY),
    };
  if (kind === 'OrganizationRole')
    return { id: id(fake), tenantId: 'default', name: fake.pick(['member', 'owner']), description: null, type: 'User' };
  if (kind === 'Identifier') return { type: 'email', value: fake.person().email };
  if (kind === 'Message') return { type: 'Email', to: fake.person().email };
  return { grantType: 'refresh_token', limit: 100 };
}

function management(event: string, fake: Fake) {
  const kind = event.split('.')[0]!;
  const resource = {
    User: 'users',
    Role: 'roles',
    Scope: 'resources/:id/scopes',
    Organization: 'organizations',
    OrganizationRole: 'organization-roles',
    OrganizationScope: 'organization-scopes',
  }[kind];
  if (!resource) return {};
  const method = event.endsWith('.Created') ? 'POST' : event.endsWith('.Deleted') ? 'DELETE' : 'PATCH';
  const path = method === 'POST' ? `/api/${resource}` : `/api/${resource}/:id`;
  return {
    path: path.replace(':id', id(fake)),
    method,
    status: method === 'DELETE' ? 204 : 200,
    params: method === 'POST' ? {} : { id: id(fake) },
    matchedRoute: path,
  };
}

const base = (event: string, fake: Fake) => ({ hookId: id(fake), event, createdAt: fake.now() });

export const logtoCatalog: CatalogEvent[] = [
  ...events(INTERACTION, (event, fake) => ({
    ...base(event, fake),
    interactionEvent:
      event === 'PostRegister' ? 'Register' : event === 'PostResetPassword' ? 'ForgotPassword' : 'SignIn',
    sessionId: fake.chars(21),
    userAgent: fake.userAgent(),
    userIp: fake.ip(),
    userId: id(fake),
    user: user(fake),
    application: { id: id(fake), type: 'SPA', name: 'My web app', description: null },
  })),
  ...events(DATA, (event, fake) => ({
    ...base(event, fake),
    ...management(event, fake),
    userAgent: fake.userAgent(),
    ip: fake.ip(),
    data: entity(event, fake),
  })),
];
