import { z } from 'zod';
import { CREDENTIAL_MASK } from '../../security/credential-headers';
import { secretProblem } from '../../validate/secret-format';
import { method } from '../define';
import { customHmacSchema } from '../../validate/custom-hmac';
import { headerNameSchema, headerValueSchema, MAX_HEADERS } from '../../validate/http-header';
import { idString, jwkSchema } from '../../validate/limits';
import { faultKinds, type InboxView } from '../../model/inbox';
import { fusionAuthAlgorithms, profileIds } from '../../model/signing';

/** Headers the receiver computes itself, or must never send (CORS would let any web page read captures' answers). */
const RESERVED = /^(content-length|transfer-encoding|connection|keep-alive|upgrade|trailer|access-control-.*)$/i;

const headerName = headerNameSchema.refine(
  (n) => !RESERVED.test(n),
  'Set by the receiver itself (CORS headers are never sent)',
);
const headerValue = headerValueSchema;

/** As [name, value] pairs (order and repeats kept) or as an object for convenience; errors name the pair (`headers.0.0`). */
const headerList = z.preprocess(
  (h) => (h && typeof h === 'object' && !Array.isArray(h) ? Object.entries(h) : h),
  z.array(z.tuple([headerName, headerValue])).max(MAX_HEADERS),
);

const mockFields = (status: number, body: string) => ({
  status: z.number().int().min(200).max(599).default(status),
  headers: headerList.default([['content-type', 'application/json']]),
  body: z
    .string()
    .max(1024 * 1024)
    .default(body),
  delayMs: z.number().int().min(0).max(300_000).default(0),
  fault: z.enum(faultKinds).nullable().default(null),
  slowByteIntervalMs: z.number().int().min(1).max(10_000).default(50),
});

const failureBody = '{"error":"failure injected by Hookbench"}';

export const responseRuleFields = {
  ...mockFields(200, '{}'),
  sequence: z
    .array(z.object({ count: z.number().int().min(1).max(1_000_000), ...mockFields(503, failureBody) }).strict())
    .max(32)
    .default([]),
  failureRate: z.number().min(0).max(1).default(0),
  failure: z
    .object(mockFields(503, failureBody))
    .strict()
    .default({
      status: 503,
      headers: [['content-type', 'application/json']],
      body: failureBody,
      delayMs: 0,
      fault: null,
      slowByteIntervalMs: 50,
    }),
};
export const responseRuleSchema = z.object(responseRuleFields).strict();

const httpUrl = z.url({ protocol: /^https?$/, error: 'An http:// or https:// URL' }).max(4096);

const hostName = z
  .string()
  .trim()
  .toLowerCase()
  .regex(/^[a-z0-9.-]+$|^\[[0-9a-f:.]+\]$/, 'A host name, e.g. abc.ngrok.app (no scheme, port or path)')
  .max(253);

export const forwardingFields = {
  url: httpUrl,
  respondWith: z.enum(['target', 'rule']).default('target'),
  timeoutMs: z.number().int().min(100).max(120_000).default(10_000),
  forwardCredentials: z.boolean().default(false),
  allowBrowsers: z.boolean().default(false),
  trustedHosts: z.array(hostName).max(16).default([]),
};

/** setForwarding: the safety options left out keep their current values (a form may only know url and answer). */
const forwardingChange = {
  ...forwardingFields,
  forwardCredentials: z.boolean().optional(),
  allowBrowsers: z.boolean().optional(),
  trustedHosts: z.array(hostName).max(16).optional(),
};

/** Receivers hold public keys only: a FusionAuth key with a secret or private JWK is refused. */
const publicKey = z.object({ kid: idString, alg: z.enum(fusionAuthAlgorithms), publicJwk: jwkSchema }).strict();

const verificationSchema = z
  .object({
    profile: z.enum(profileIds),
    secrets: z.array(z.string().min(1, "Paste the endpoint's signing secret").max(4096)).max(16).default([]),
    keys: z.array(publicKey).max(16).default([]),
    custom: customHmacSchema.nullable().default(null),
    toleranceSeconds: z
      .number()
      .int()
      .min(0)
      .max(10 * 365 * 86_400)
      .nullable()
      .default(null),
    rejectInvalid: z.boolean().default(false),
  })
  .strict()
  .superRefine((v, ctx) => {
    if (v.profile === 'custom-hmac' && !v.custom)
      ctx.addIssue({
        code: 'custom',
        path: ['custom'],
        message: 'The custom-hmac profile needs its header, algorithm and template',
      });
    // Masked entries sent back by a form stand for secrets the core already holds.
    v.secrets.forEach((secret, i) => {
      const problem = secret.includes(CREDENTIAL_MASK) ? null : secretProblem(v.profile, secret);
      if (problem) ctx.addIssue({ code: 'custom', path: ['secrets', i], message: problem });
    });
    if (v.secrets.length === 0 && v.keys.length === 0)
      ctx.addIssue({
        code: 'custom',
        path: ['secrets'],
        message: 'Give at least one secret (or a FusionAuth public key)',
      });
  });

const slug = z
  .string()
  .regex(
    /^[a-z0-9][a-z0-9_-]{0,63}$/,
    'Lowercase letters, digits, - and _ (up to 64), starting with a letter or digit',
  );
const inboxFields = {
  name: z.string().trim().min(1, 'Give the inbox a name, e.g. "fusionauth-local"').max(100),
  slug: slug.optional(),
  port: z.number().int().min(1).max(65535).nullable().optional(),
  verification: verificationSchema.nullable().optional(),
  bodyCapBytes: z
    .number()
    .int()
    .min(1)
    .max(1024 * 1024 * 1024)
    .optional(),
};
const id = idString;

export const inboxMethods = {
  listInboxes: method<InboxView[]>()(
    z.object({}).strict().optional(),
    'Inboxes with their receiver URLs; secrets are masked.',
  ),
  getInbox: method<InboxView>()(z.object({ id }).strict(), 'One inbox with its response rule and forwarding.'),
  createInbox: method<InboxView>()(
    z
      .object({
        ...inboxFields,
        responseRule: responseRuleSchema.optional(),
        forwarding: z.object(forwardingFields).strict().nullable().optional(),
      })
      .strict(),
    'Create an inbox at /in/<slug> on the receiver port (slug derived from the name unless given).',
  ),
  updateInbox: method<InboxView>()(
    z.object({ id, ...inboxFields, name: inboxFields.name.optional() }).strict(),
    "Change an inbox's name, slug, port, verification or body cap; fields left out stay. Masked secrets sent back are kept.",
  ),
  deleteInbox: method<{ deleted: boolean }>()(
    z.object({ id }).strict(),
    'Delete an inbox; its captures stay in the log.',
  ),
  setResponseRule: method<InboxView>()(
    z.object({ id, ...responseRuleFields }).strict(),
    "Replace the inbox's response rule (status, headers, body, delay, fault, sequence, failure rate); restarts its sequence.",
  ),
  setForwarding: method<InboxView>()(
    z.object({ id, ...forwardingChange, url: httpUrl.nullable() }).strict(),
    'Forward each capture to a URL (sub-path and query appended, kept inside its path), or stop forwarding with url null. Credentials are not forwarded unless forwardCredentials; browsers on other sites are refused unless allowBrowsers; the target’s answer is relayed only to requests addressed to this machine or a trustedHosts name.',
  ),
};
