import { z } from 'zod';
import { method } from '../define';
import {
  MAX_PASSWORD_LENGTH,
  MIN_PASSWORD_LENGTH,
  roles,
  type AuditPage,
  type CurrentUser,
  type User,
} from '../../model/account';
import { MAX_AUDIT_RETENTION_DAYS, type AuditRetention } from '../../model/settings';
import { idString } from '../../validate/limits';

const isoTime = z.iso.datetime({ offset: true });

/** Emails are kept trimmed and lower-cased: one person, one account, however it is typed. */
export const emailSchema = z
  .string()
  .trim()
  .toLowerCase()
  .max(254)
  .pipe(z.email('An email address, e.g. ada@example.org'));

export const passwordSchema = z
  .string()
  .min(MIN_PASSWORD_LENGTH, `At least ${MIN_PASSWORD_LENGTH} characters`)
  .max(MAX_PASSWORD_LENGTH, `At most ${MAX_PASSWORD_LENGTH} characters`);

const name = z.string().trim().max(100);

/** Accounts, roles and the audit log: admins manage them; every signed-in user reads and changes their own. */
export const accountMethods = {
  currentUser: method<CurrentUser>()(
    z.object({}).strict().optional(),
    'Who is calling: the local owner, a signed-in user or an API key, with the role.',
  ),
  changePassword: method<{ changed: true }>()(
    z.object({ currentPassword: z.string().min(1).max(MAX_PASSWORD_LENGTH), newPassword: passwordSchema }).strict(),
    "Changes the signed-in user's own password; their other sessions end.",
  ),
  signOutEverywhere: method<{ ended: number }>()(
    z.object({}).strict().optional(),
    'Ends every session of the signed-in user, on every device (this one too).',
  ),
  listUsers: method<User[]>()(z.object({}).strict().optional(), 'Every account, with its role and state.'),
  createUser: method<{ user: User; password: string | null }>()(
    z
      .object({
        email: emailSchema,
        name: name.optional(),
        role: z.enum(roles),
        password: passwordSchema.optional(),
      })
      .strict(),
    'Creates an account. Without a password one is generated and returned once.',
  ),
  updateUser: method<User>()(
    z
      .object({ id: idString, name: name.optional(), role: z.enum(roles).optional(), disabled: z.boolean().optional() })
      .strict(),
    'Renames, changes the role of, disables or re-enables an account. Disabling ends its sessions and stops its API keys; the last enabled admin cannot be disabled or demoted.',
  ),
  resetPassword: method<{ password: string | null }>()(
    z.object({ id: idString, password: passwordSchema.optional() }).strict(),
    "Sets an account's password (generated and returned once when none is given) and ends its sessions.",
  ),
  endUserSessions: method<{ ended: number }>()(z.object({ id: idString }).strict(), 'Signs an account out everywhere.'),
  listAuditLog: method<AuditPage>()(
    z
      .object({
        actor: z.string().trim().min(1).max(254).optional(),
        action: z.string().trim().min(1).max(100).optional(),
        outcome: z.enum(['ok', 'refused']).optional(),
        from: isoTime.optional(),
        to: isoTime.optional(),
        limit: z.number().int().min(1).max(200).default(50),
        cursor: z.string().min(1).max(100).nullish(),
      })
      .strict(),
    'The audit log, newest first: every change (who, when, what) and every sign-in. Filter by actor (email), action and outcome.',
  ),
  getAuditRetention: method<AuditRetention>()(
    z.object({}).strict().optional(),
    'How many days audit entries are kept (0: all are kept).',
  ),
  setAuditRetention: method<AuditRetention>()(
    z
      .object({
        maxAgeDays: z
          .number()
          .int('Whole days')
          .min(0, '0 keeps every entry; otherwise a number of days')
          .max(MAX_AUDIT_RETENTION_DAYS, `At most ${MAX_AUDIT_RETENTION_DAYS} days; 0 keeps every entry`),
      })
      .strict(),
    'Keeps audit entries for this many days (0: keeps all). Older ones are removed in the background, and the removal is itself recorded in the audit log.',
  ),
};
