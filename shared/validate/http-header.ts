import { z } from 'zod';
import { HEADER_NAME } from './custom-hmac';

/**
 * What an HTTP field value may hold (RFC 9110 §5.5): visible ASCII, spaces,
 * tabs and obs-text. No control characters (CR/LF split a header; NUL and the
 * rest are refused by HTTP stacks at send time) and nothing above U+00FF, which
 * cannot be written as one byte. Checked when a header is saved, never first
 * discovered when it is sent.
 */
export const HEADER_VALUE = /^[\t\x20-\x7e\x80-\xff]*$/;

export const MAX_HEADER_VALUE = 8192;
export const MAX_HEADERS = 64;

export function headerValueProblem(value: string): string | null {
  if (/[\r\n]/.test(value)) return 'Header values cannot contain line breaks';
  if (!HEADER_VALUE.test(value) && [...value].some((c) => c.charCodeAt(0) < 0x20 || c.charCodeAt(0) === 0x7f))
    return 'Header values cannot contain control characters';
  if (!HEADER_VALUE.test(value))
    return 'Header values can only hold Latin-1 text (encode other characters, e.g. as percent-escapes)';
  return null;
}

export const headerNameSchema = z.string().max(256).regex(HEADER_NAME, 'Not a valid header name');

export const headerValueSchema = z
  .string()
  .max(MAX_HEADER_VALUE)
  .superRefine((v, ctx) => {
    const problem = headerValueProblem(v);
    if (problem) ctx.addIssue({ code: 'custom', message: problem });
  });

/** Headers as a name → value object (subscriptions, ad-hoc targets, FusionAuth webhooks). */
export const headerRecordSchema = z
  .record(headerNameSchema, headerValueSchema)
  .refine((h) => Object.keys(h).length <= MAX_HEADERS, `At most ${MAX_HEADERS} headers`);
