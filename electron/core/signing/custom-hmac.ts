import type { CustomHmacConfig, ProfileInfo } from '../../../shared/model/signing';
import { SigningInputError } from './errors';
import type { HmacScheme } from './hmac-scheme';
import { signHmac } from './hmac-scheme';
import { verifyHmac } from './hmac-verify';
import { parseSingleToken, type SigningProfile } from './profile';
import { STANDARD_RETRY_SCHEDULE_MS } from './standard-webhooks';

export const customHmacInfo: ProfileInfo = {
  id: 'custom-hmac',
  label: 'Custom HMAC',
  description: 'Any HMAC scheme: header, prefix, algorithm, encoding and signed-content template of your choice.',
  headers: ['(configured)'],
  secretFormat: 'Free-form text, used raw.',
  multipleSecrets: false,
  defaultToleranceSeconds: null,
  toleranceDirection: 'both',
  retryScheduleMs: STANDARD_RETRY_SCHEDULE_MS,
  successRule: '2xx.',
  emulated: [],
};

export const defaultCustomConfig: CustomHmacConfig = {
  header: 'X-Signature',
  prefix: 'sha256=',
  algorithm: 'sha256',
  encoding: 'hex',
  template: '{body}',
};

export function customScheme(config: CustomHmacConfig): HmacScheme {
  if (!config.header.trim()) throw new SigningInputError('custom-hmac needs a signature header name.', 'custom.header');
  if (!config.template.includes('{body}'))
    throw new SigningInputError('The signed-content template must contain {body}.', 'custom.template');
  if (config.template.includes('{id}') && !config.idHeader)
    throw new SigningInputError('The template uses {id}: set the id header name.', 'custom.idHeader');
  if (config.template.includes('{timestamp}') && !config.timestampHeader)
    throw new SigningInputError(
      'The template uses {timestamp}: set the timestamp header name.',
      'custom.timestampHeader',
    );
  return {
    profile: 'custom-hmac',
    label: 'Custom HMAC',
    signatureHeader: config.header,
    ...(config.idHeader ? { idHeader: config.idHeader } : {}),
    ...(config.timestampHeader ? { timestampHeader: config.timestampHeader } : {}),
    algorithm: config.algorithm,
    encoding: config.encoding,
    template: config.template,
    keyMode: 'raw',
    tolerance: config.toleranceSeconds ? { seconds: config.toleranceSeconds, direction: 'both' } : null,
    multiple: false,
    formatHeader: (sigs) => `${config.prefix}${sigs[0]}`,
    parseHeader: (value) => parseSingleToken(value, config.prefix),
  };
}

/**
 * A subscription hands the engine the same config object on every attempt, so
 * its scheme is checked and built once; configs are never edited in place (an
 * edit replaces the subscription's view), and a config that throws caches nothing.
 */
const schemes = new WeakMap<CustomHmacConfig, HmacScheme>();

function schemeOf(config: CustomHmacConfig = defaultCustomConfig): HmacScheme {
  let scheme = schemes.get(config);
  if (!scheme) schemes.set(config, (scheme = customScheme(config)));
  return scheme;
}

export const customHmacProfile: SigningProfile = {
  info: customHmacInfo,
  async sign(input) {
    return signHmac(schemeOf(input.custom), input);
  },
  async verify(input) {
    return verifyHmac(schemeOf(input.custom), input);
  },
};
