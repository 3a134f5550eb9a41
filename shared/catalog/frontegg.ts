import type { Fake } from './fake';
import { DAY, events, type CatalogEvent } from './types';

// Source: the seed document "Subscribing to webhooks". Envelope { user, eventContext, eventKey }.
const FRONTEGG_EVENTS: [string, string][] = [
  ['user.authenticated', 'A user signed in.'],
  ['user.authenticatedWithMFA', 'A user signed in with a second factor.'],
  ['user.authenticatedWithSAML', 'A user signed in through SAML.'],
  ['user.authenticatedWithSSO', 'A user signed in through SSO.'],
  ['user.failedAuthentication', 'A sign-in attempt failed.'],
  ['user.enrolledMFA', 'A user enrolled an MFA device.'],
  ['user.disabledMFA', 'A user disabled MFA.'],
  ['user.disabledLastMFADevice', 'A user removed their last MFA device.'],
  ['user.created', 'A user was created.'],
  ['user.signedUp', 'A user signed up.'],
  ['user.deleted', 'A user was deleted.'],
  ['user.invitedToTenant', 'A user was invited to a tenant.'],
  ['user.changedPassword', 'A user changed their password.'],
  ['user.forgotPassword', 'A user asked for a password reset.'],
  ['user.removedFromTenant', 'A user was removed from a tenant.'],
  ['user.updated', 'A user was updated.'],
  ['userApiToken.created', 'A user API token was created.'],
  ['userApiToken.deleted', 'A user API token was deleted.'],
  ['user.activated', 'A user activated their account.'],
  ['user.acceptedInvitationToTenant', 'A user accepted an invitation to a tenant.'],
  ['user.joinedTenantUsingInvitationLink', 'A user joined a tenant through an invitation link.'],
  ['tenant.created', 'A tenant (account) was created.'],
  ['tenant.deleted', 'A tenant was deleted.'],
  ['tenant.updated', 'A tenant was updated.'],
  ['tenantApiToken.created', 'A tenant API token was created.'],
  ['tenantApiToken.deleted', 'A tenant API token was deleted.'],
  ['account.security.domain.added', 'A domain was added to the sign-up restriction list.'],
  ['account.security.domain.removed', 'A domain was removed from the restriction list.'],
  ['account.security.domain.restricted', 'A sign-up was blocked by domain restriction.'],
  ['account.security.domain.strategy.changed', 'The domain restriction strategy (allow/block) changed.'],
  ['account.security.domain.enabled', 'Domain restriction was enabled.'],
  ['account.security.domain.disabled', 'Domain restriction was disabled.'],
  ['account.security.ip.added', 'An IP range was added to the restriction list.'],
  ['account.security.ip.removed', 'An IP range was removed from the restriction list.'],
  ['account.security.ip.strategy.changed', 'The IP restriction strategy changed.'],
].map(([name, description]) => [`frontegg.${name}`, description] as [string, string]);

function user(fake: Fake, tenantId: string) {
  const person = fake.person();
  return {
    id: fake.uuid(),
    email: person.email,
    verified: fake.bool(0.8),
    name: person.name,
    phoneNumber: fake.bool() ? fake.phone() : null,
    profilePictureUrl: `https://www.gravatar.com/avatar/${fake.hex(32)}?d=identicon`,
    provider: fake.pick(['local', 'google', 'saml']),
    mfaEnrolled: fake.bool(0.3),
    metadata: JSON.stringify({ plan: fake.pick(['free', 'pro', 'enterprise']) }),
    tenantIds: [tenantId],
    tenantId,
    roles: [{ id: fake.uuid(), key: fake.pick(['Admin', 'ReadOnly']), name: fake.pick(['Admin', 'Read only']) }],
    permissions: [{ id: fake.uuid(), key: 'fe.secure.read.users', name: 'Read users' }],
    createdAt: fake.isoAgo(60 * DAY, DAY),
    lastLogin: fake.isoAgo(DAY),
    isLocked: false,
    activatedForTenant: true,
  };
}

// Tenant and restriction events: the documents show only the user envelope, so
// these carry the same eventContext/eventKey with the affected object beside it.
function body(eventKey: string, fake: Fake): unknown {
  const tenantId = fake.uuid();
  if (eventKey.startsWith('frontegg.tenant')) {
    const name = fake.company();
    return { tenant: { tenantId, name, createdAt: fake.isoAgo(30 * DAY) }, eventContext: { tenantId }, eventKey };
  }
  if (eventKey.startsWith('frontegg.account.security')) {
    const restriction = eventKey.includes('.ip.')
      ? { ip: `${fake.ip()}/32`, isActive: true }
      : { domain: `${fake.slug(fake.company())}.example`, type: fake.pick(['ALLOW', 'BLOCK']) };
    return { restriction, eventContext: { tenantId, userId: fake.uuid() }, eventKey };
  }
  const u = user(fake, tenantId);
  return { user: u, eventContext: { tenantId, userId: u.id }, eventKey };
}

export const fronteggCatalog: CatalogEvent[] = events(FRONTEGG_EVENTS, (name, fake) => body(name, fake));
