import type { Fake } from './fake';
import { DAY, events, type CatalogEvent } from './types';

// Source: @logto/schemas hookEvents (packages/schemas/src/foundations/jsonb-types/hooks.ts). Flat envelope;
// data shapes follow its db-entries types (test/unit/catalog/provider-types.test.ts checks them).
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
  ['TrustedDevice.Created', 'A user trusted a device (skips MFA on it); a feature still in development at Logto.'],
  ['TrustedDevice.Deleted', 'A trusted device was removed; a feature still in development at Logto.'],
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

function user(fake: Fake, userId = id(fake), applicationId = id(fake)) {
  const p = fake.person();
  return {
    id: userId,
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
    applicationId,
    cimdClientId: null,
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
  if (kind === 'Scope')
    return {
      tenantId: 'default',
      id: id(fake),
      resourceId: id(fake),
      name: fake.pick(['read:reports', 'write:projects']),
      description: 'Sample scope',
      createdAt: fake.msAgo(30 * DAY),
    };
  if (kind === 'OrganizationScope')
    return {
      tenantId: 'default',
      id: id(fake),
      name: fake.pick(['read:members', 'invite:members']),
      description: null,
    };
  if (kind === 'Organization')
    return {
      tenantId: 'default',
      id: id(fake),
      name: fake.company(),
      description: null,
      customData: {},
      isMfaRequired: false,
      isTrustedDeviceAllowed: false,
      color: {},
      branding: {},
      customCss: null,
      createdAt: fake.msAgo(30 * DAY),
    };
  if (kind === 'TrustedDevice') return { id: id(fake), userId: id(fake), expiresAt: fake.baseTime + 30 * DAY * 1000 };
  if (kind === 'OrganizationRole')
    return { id: id(fake), tenantId: 'default', name: fake.pick(['member', 'owner']), description: null, type: 'User' };
  if (kind === 'Identifier') return { type: 'email', value: fake.person().email };
  if (kind === 'Message') return { type: 'Email', to: fake.person().email };
  const limit = fake.int(5, 20);
  return {
    userId: id(fake),
    applicationId: id(fake),
    revokedGrantIds: [id(fake)],
    maxAllowedGrants: limit,
    preRevocationActiveGrantCount: limit + 1,
  };
}

/** The Management API route each data hook comes from (@logto/schemas managementApiHooksRegistration), with /api in front. */
const ROUTES: Record<string, [string, string]> = {
  'User.Created': ['POST', '/users'],
  'User.Deleted': ['DELETE', '/users/:userId'],
  'User.Data.Updated': ['PATCH', '/users/:userId'],
  'User.SuspensionStatus.Updated': ['PATCH', '/users/:userId/is-suspended'],
  'Role.Created': ['POST', '/roles'],
  'Role.Deleted': ['DELETE', '/roles/:id'],
  'Role.Data.Updated': ['PATCH', '/roles/:id'],
  'Role.Scopes.Updated': ['POST', '/roles/:id/scopes'],
  'Scope.Created': ['POST', '/resources/:resourceId/scopes'],
  'Scope.Deleted': ['DELETE', '/resources/:resourceId/scopes/:scopeId'],
  'Scope.Data.Updated': ['PATCH', '/resources/:resourceId/scopes/:scopeId'],
  'Organization.Created': ['POST', '/organizations'],
  'Organization.Deleted': ['DELETE', '/organizations/:id'],
  'Organization.Data.Updated': ['PATCH', '/organizations/:id'],
  'Organization.Membership.Updated': ['POST', '/organizations/:id/users'],
  'OrganizationRole.Created': ['POST', '/organization-roles'],
  'OrganizationRole.Deleted': ['DELETE', '/organization-roles/:id'],
  'OrganizationRole.Data.Updated': ['PATCH', '/organization-roles/:id'],
  'OrganizationRole.Scopes.Updated': ['PUT', '/organization-roles/:id/scopes'],
  'OrganizationScope.Created': ['POST', '/organization-scopes'],
  'OrganizationScope.Deleted': ['DELETE', '/organization-scopes/:id'],
  'OrganizationScope.Data.Updated': ['PATCH', '/organization-scopes/:id'],
};

/** The request context of a Management API data hook; its ids are the entity's own, so path, params and data agree. */
function management(event: string, data: unknown, fake: Fake) {
  const route = ROUTES[event];
  if (!route) return {};
  const [method, pattern] = route;
  const entity = (data ?? {}) as { id?: string; resourceId?: string };
  const entityId = entity.id ?? id(fake);
  const params: Record<string, string> = {};
  for (const [, key] of pattern.matchAll(/:(\w+)/g))
    params[key!] = key === 'resourceId' ? (entity.resourceId ?? id(fake)) : entityId;
  const matchedRoute = `/api${pattern}`;
  return {
    path: matchedRoute.replace(/:(\w+)/g, (_m, key: string) => params[key]!),
    method,
    status: method === 'DELETE' ? 204 : method === 'POST' ? 201 : 200,
    params,
    matchedRoute,
  };
}

const base = (event: string, fake: Fake) => ({ hookId: id(fake), event, createdAt: fake.now() });

export const logtoCatalog: CatalogEvent[] = [
  ...events(INTERACTION, (event, fake) => {
    // One user throughout: userId is user.id, and a new user registered through this application.
    const userId = id(fake);
    const applicationId = id(fake);
    return {
      ...base(event, fake),
      interactionEvent:
        event === 'PostRegister' ? 'Register' : event === 'PostResetPassword' ? 'ForgotPassword' : 'SignIn',
      sessionId: fake.chars(21),
      userAgent: fake.userAgent(),
      userIp: fake.ip(),
      userId,
      user: user(fake, userId, applicationId),
      application: { id: applicationId, type: 'SPA', name: 'My web app', description: null },
    };
  }),
  ...events(DATA, (event, fake) => {
    const data = entity(event, fake);
    return { ...base(event, fake), ...management(event, data, fake), userAgent: fake.userAgent(), ip: fake.ip(), data };
  }),
];
