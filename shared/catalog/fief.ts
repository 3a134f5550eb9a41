import type { Fake } from './fake';
import { DAY, events, type CatalogEvent } from './types';

// Source: fief/services/webhooks/models.py. Envelope { type, data }, compact JSON.
const FIEF_EVENTS: [string, string][] = [
  ['client.created', 'An OAuth client was created.'],
  ['client.updated', 'An OAuth client was updated.'],
  ['client.deleted', 'An OAuth client was deleted.'],
  ['email_template.updated', 'An email template was edited.'],
  ['oauth_provider.created', 'An OAuth provider (social login) was added.'],
  ['oauth_provider.updated', 'An OAuth provider was updated.'],
  ['oauth_provider.deleted', 'An OAuth provider was removed.'],
  ['permission.created', 'A permission was created.'],
  ['permission.updated', 'A permission was updated.'],
  ['permission.deleted', 'A permission was deleted.'],
  ['role.created', 'A role was created.'],
  ['role.updated', 'A role was updated.'],
  ['role.deleted', 'A role was deleted.'],
  ['tenant.created', 'A tenant was created.'],
  ['tenant.updated', 'A tenant was updated.'],
  ['tenant.deleted', 'A tenant was deleted.'],
  ['user.created', 'A user registered or was created by an admin.'],
  ['user.updated', 'A user profile was updated.'],
  ['user.deleted', 'A user was deleted.'],
  ['user.forgot_password_requested', 'A user asked for a password reset email.'],
  ['user.password_reset', 'A user reset their password.'],
  ['user_field.created', 'A custom user field was created.'],
  ['user_field.updated', 'A custom user field was updated.'],
  ['user_field.deleted', 'A custom user field was deleted.'],
  ['user_permission.created', 'A permission was granted to a user.'],
  ['user_permission.deleted', 'A permission was revoked from a user.'],
  ['user_role.created', 'A role was granted to a user.'],
  ['user_role.deleted', 'A role was revoked from a user.'],
];

function stamps(fake: Fake) {
  return { created_at: fake.isoAgo(90 * DAY, 2 * DAY), updated_at: fake.isoAgo(DAY) };
}

function tenant(fake: Fake) {
  const name = fake.company();
  return {
    id: fake.uuid(),
    name,
    default: fake.bool(0.3),
    slug: fake.slug(name),
    registration_allowed: fake.bool(0.8),
    theme_id: null,
    logo_url: null,
    application_url: null,
    ...stamps(fake),
  };
}

function user(fake: Fake) {
  const person = fake.person();
  const t = tenant(fake);
  return {
    id: fake.uuid(),
    email: person.email,
    email_verified: fake.bool(0.7),
    is_active: true,
    tenant_id: t.id,
    tenant: {
      id: t.id,
      name: t.name,
      default: t.default,
      slug: t.slug,
      registration_allowed: t.registration_allowed,
      theme_id: t.theme_id,
      logo_url: t.logo_url,
    },
    fields: { first_name: person.first, last_name: person.last, onboarding_done: fake.bool() },
    ...stamps(fake),
  };
}

function permission(fake: Fake) {
  const codename = `${fake.pick(['castles', 'invoices', 'reports', 'projects'])}:${fake.pick(['read', 'write', 'delete'])}`;
  return {
    id: fake.uuid(),
    name: codename.replace(':', ' ').replace(/^\w/, (c) => c.toUpperCase()),
    codename,
    ...stamps(fake),
  };
}

function role(fake: Fake) {
  const perms = [permission(fake), permission(fake)];
  return {
    id: fake.uuid(),
    name: fake.pick(['Admin', 'Editor', 'Viewer', 'Billing']),
    granted_by_default: fake.bool(0.2),
    permissions: perms,
    ...stamps(fake),
  };
}

function data(name: string, fake: Fake): unknown {
  const entity = name.split('.')[0];
  switch (entity) {
    case 'client': {
      const t = tenant(fake);
      return {
        id: fake.uuid(),
        name: `${t.name} web app`,
        first_party: true,
        client_type: fake.pick(['public', 'confidential']),
        client_id: fake.chars(43),
        redirect_uris: [`https://${t.slug}.example/auth/callback`],
        authorization_code_lifetime_seconds: 600,
        access_id_token_lifetime_seconds: 86400,
        refresh_token_lifetime_seconds: 2592000,
        tenant_id: t.id,
        tenant: t,
        ...stamps(fake),
      };
    }
    case 'email_template':
      return {
        id: fake.uuid(),
        type: fake.pick(['WELCOME', 'VERIFY_EMAIL', 'FORGOT_PASSWORD']),
        subject: 'Welcome to {{ tenant.name }}',
        content: '<p>Hello {{ user.email }}</p>',
        ...stamps(fake),
      };
    case 'oauth_provider':
      return {
        id: fake.uuid(),
        provider: fake.pick(['GOOGLE', 'GITHUB', 'MICROSOFT', 'OPENID_CONNECT']),
        name: null,
        scopes: ['openid', 'email'],
        ...stamps(fake),
      };
    case 'permission':
      return permission(fake);
    case 'role':
      return role(fake);
    case 'tenant':
      return tenant(fake);
    case 'user':
      return user(fake);
    case 'user_field':
      return {
        id: fake.uuid(),
        name: 'Phone number',
        slug: 'phone_number',
        type: fake.pick(['STRING', 'PHONE_NUMBER', 'BOOLEAN']),
        configuration: { at_registration: fake.bool(), at_update: true, required: false, default: null },
        ...stamps(fake),
      };
    case 'user_permission': {
      const p = permission(fake);
      return {
        user_id: fake.uuid(),
        permission_id: p.id,
        from_role_id: null,
        permission: p,
        from_role: null,
        ...stamps(fake),
      };
    }
    default: {
      const r = role(fake);
      return { user_id: fake.uuid(), role_id: r.id, role: r, ...stamps(fake) };
    }
  }
}

export const fiefCatalog: CatalogEvent[] = events(FIEF_EVENTS, (type, fake) => ({ type, data: data(type, fake) }));
