import type { z } from 'zod';

const n = (v: unknown) => (typeof v === 'bigint' || typeof v === 'number' ? v.toLocaleString('en-US') : String(v));

/**
 * Zod's default messages ("Too big: expected number to be <=599") in words for
 * a form field ("At most 599"). Passed per parse, it only fills in where the
 * shared schema has no message of its own: those still win.
 */
export const friendlyIssue: z.core.$ZodErrorMap = (iss) => {
  switch (iss.code) {
    case 'too_big':
      if (iss.origin === 'string') return `At most ${n(iss.maximum)} characters`;
      if (iss.origin === 'array' || iss.origin === 'set') return `At most ${n(iss.maximum)} entries`;
      return iss.inclusive === false ? `Less than ${n(iss.maximum)}` : `At most ${n(iss.maximum)}`;
    case 'too_small':
      if (iss.origin === 'string')
        return Number(iss.minimum) <= 1 ? 'Required' : `At least ${n(iss.minimum)} characters`;
      if (iss.origin === 'array' || iss.origin === 'set') return `At least ${n(iss.minimum)}`;
      return iss.inclusive === false ? `More than ${n(iss.minimum)}` : `At least ${n(iss.minimum)}`;
    case 'invalid_type':
      if (iss.input === undefined) return 'Required';
      if (iss.expected === 'int') return 'A whole number';
      if (iss.expected === 'number') return 'A number';
      return `Expected ${iss.expected === 'string' ? 'text' : iss.expected}`;
    case 'invalid_value':
      return `One of ${iss.values.map((v) => String(v)).join(', ')}`;
    case 'invalid_format':
      return iss.format === 'url' ? 'Not a URL' : 'Not in the expected format';
    default:
      return undefined;
  }
};
