import { randomUUID } from 'node:crypto';
import type { ProfileInfo } from '../../../shared/model/signing';
import { hmacProfile, parseSingleToken, type SigningProfile } from './profile';

export const githubInfo: ProfileInfo = {
  id: 'github',
  label: 'GitHub',
  description: 'GitHub (reference): X-Hub-Signature-256: sha256=<hex> over the raw body.',
  headers: ['X-Hub-Signature-256', 'X-GitHub-Event', 'X-GitHub-Delivery', 'X-GitHub-Hook-ID'],
  secretFormat: 'Free-form text chosen by the user, used raw.',
  multipleSecrets: false,
  defaultToleranceSeconds: null,
  toleranceDirection: 'none',
  retryScheduleMs: [0],
  successRule: '2xx within 10 s; no automatic redelivery.',
  emulated: [],
};

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

export const githubProfile: SigningProfile = hmacProfile(
  githubInfo,
  {
    profile: 'github',
    label: 'GitHub',
    signatureHeader: 'X-Hub-Signature-256',
    algorithm: 'sha256',
    encoding: 'hex',
    template: '{body}',
    keyMode: 'raw',
    tolerance: null,
    multiple: false,
    formatHeader: (sigs) => `sha256=${sigs[0]}`,
    parseHeader: (value) => parseSingleToken(value, 'sha256='),
    extraHeaders: {
      'Content-Type': 'application/json',
      'User-Agent': 'GitHub-Hookshot/hookbench',
      'X-GitHub-Hook-ID': '1',
    },
  },
  // X-GitHub-Delivery is a GUID; a Hookbench message id that is not one gets a fresh GUID.
  (input) => ({
    'X-GitHub-Event': input.event ?? 'ping',
    'X-GitHub-Delivery': UUID.test(input.id) ? input.id : randomUUID(),
  }),
);
