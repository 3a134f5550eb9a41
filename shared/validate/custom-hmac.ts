import { z } from 'zod';
import { hmacAlgorithms, signatureEncodings } from '../model/signing';

/** RFC 9110 token: what a header name may be. */
export const HEADER_NAME = /^[!#$%&'*+.^_`|~0-9A-Za-z-]+$/;

/** The custom-hmac profile's scheme; one schema for signing, verifying, subscriptions and inboxes. */
export const customHmacSchema = z
  .object({
    header: z.string().trim().max(256).regex(HEADER_NAME, 'Not a valid header name'),
    prefix: z.string().max(256).default(''),
    algorithm: z.enum(hmacAlgorithms).default('sha256'),
    encoding: z.enum(signatureEncodings).default('hex'),
    template: z.string().min(1).max(1024).default('{body}'),
    idHeader: z.string().trim().max(256).regex(HEADER_NAME, 'Not a valid header name').optional(),
    timestampHeader: z.string().trim().max(256).regex(HEADER_NAME, 'Not a valid header name').optional(),
    toleranceSeconds: z
      .number()
      .int()
      .min(0)
      .max(10 * 365 * 86_400)
      .optional(),
  })
  .strict();
