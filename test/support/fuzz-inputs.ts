/**
 * Malformed inputs generated from a JSON Schema: a plausible valid value is
 * built first, then broken one place at a time (wrong type per field, missing
 * required, huge strings, deep nesting, unicode and control characters,
 * arrays for objects), so a fault deep inside a handler is reached too.
 */
export type JsonSchema = {
  type?: string | string[];
  properties?: Record<string, JsonSchema>;
  required?: string[];
  additionalProperties?: JsonSchema | boolean;
  items?: JsonSchema | false;
  prefixItems?: JsonSchema[];
  anyOf?: JsonSchema[];
  oneOf?: JsonSchema[];
  enum?: unknown[];
  const?: unknown;
  format?: string;
  pattern?: string;
  minLength?: number;
  maxLength?: number;
  minimum?: number;
  maximum?: number;
  minItems?: number;
  default?: unknown;
  [k: string]: unknown;
};

export interface Hints {
  /** Values for fields by name (ids of objects that exist, so mutations reach past the lookup). */
  fields?: Record<string, unknown>;
}

const HEADER_NAME_PATTERN = /A-Za-z/;

function branch(s: JsonSchema): JsonSchema {
  const options = s.anyOf ?? s.oneOf;
  if (!options) return s;
  return options.find((o) => o.type !== 'null') ?? options[0]!;
}

/** A plausible valid value for the schema (required fields only). */
export function sample(schema: JsonSchema, hints: Hints = {}, name = ''): unknown {
  if (name && hints.fields && name in hints.fields) return hints.fields[name];
  const s = branch(schema);
  if (s.const !== undefined) return s.const;
  if (s.enum) return s.enum[0];
  const type = Array.isArray(s.type) ? s.type.find((t) => t !== 'null') : s.type;
  switch (type) {
    case 'object': {
      const out: Record<string, unknown> = {};
      for (const key of s.required ?? []) out[key] = sample(s.properties?.[key] ?? {}, hints, key);
      return out;
    }
    case 'array': {
      if (s.prefixItems) return s.prefixItems.map((p) => sample(p, hints));
      const n = s.minItems ?? 0;
      return Array.from({ length: n }, () => sample(s.items || {}, hints));
    }
    case 'string':
      if (s.format === 'uri') return 'http://127.0.0.1:9/fuzz';
      if (s.format === 'date-time') return new Date(0).toISOString();
      if (s.pattern && HEADER_NAME_PATTERN.test(s.pattern) && s.pattern.includes('!#$')) return 'X-Fuzz';
      if (s.pattern?.startsWith('^[a-z0-9]')) return 'fuzz';
      return 'x'.repeat(Math.max(1, s.minLength ?? 1));
    case 'integer':
    case 'number': {
      const min = s.minimum ?? 1;
      return Math.min(Math.max(min, 1), s.maximum ?? Number.MAX_SAFE_INTEGER);
    }
    case 'boolean':
      return false;
    default:
      return 'x';
  }
}

function deep(levels: number): unknown {
  let v: unknown = 'bottom';
  for (let i = 0; i < levels; i++) v = i % 2 ? [v] : { d: v };
  return v;
}

export const HUGE = 'h'.repeat(1024 * 1024);
/** Unicode edge cases and control characters, including ones that can never sit in an HTTP header. */
export const NASTY_STRINGS = [
  '',
  ' ',
  '\u0000',
  'a\r\nX-Injected: 1',
  '\u0001\u007f',
  '\ud800',
  '\udfff\ud800',
  '\uffff\ufffe',
  '\u202e\u200b',
  '🙂'.repeat(64),
  'é',
  '%E0%00',
  '../../etc/passwd',
  '__proto__',
];
const WRONG_TYPES: unknown[] = [null, true, 0, -1, 1.5, 1e308, 'str', [], {}, [{}], { a: [] }];

export interface Mutation {
  label: string;
  value: unknown;
}

type Path = (string | number)[];

function setAt(base: unknown, path: Path, value: unknown, remove = false): unknown {
  const copy = structuredClone(base) as Record<string | number, unknown>;
  let at: Record<string | number, unknown> = copy;
  for (const key of path.slice(0, -1)) at = at[key] as Record<string | number, unknown>;
  const last = path[path.length - 1]!;
  if (remove) delete at[last];
  else at[last] = value;
  return copy;
}

/** Every field path of the schema with its sub-schema, a few levels deep. */
function fields(schema: JsonSchema, base: unknown, path: Path = [], depth = 0): [Path, JsonSchema][] {
  if (depth > 3) return [];
  const s = branch(schema);
  const out: [Path, JsonSchema][] = [];
  if (s.properties && base && typeof base === 'object' && !Array.isArray(base)) {
    for (const [key, sub] of Object.entries(s.properties)) {
      out.push([[...path, key], sub]);
      const value = (base as Record<string, unknown>)[key];
      if (value !== undefined) out.push(...fields(sub, value, [...path, key], depth + 1));
    }
  }
  if (Array.isArray(base)) {
    base.forEach((v, i) => {
      const sub = s.prefixItems?.[i] ?? (s.items || {});
      out.push([[...path, i], sub]);
      out.push(...fields(sub, v, [...path, i], depth + 1));
    });
  }
  return out;
}

/** At least 30 malformed inputs for a schema: each one breaks the valid sample in one place. */
export function mutations(schema: JsonSchema, hints: Hints = {}): Mutation[] {
  const base = sample(schema, hints);
  const out: Mutation[] = [
    { label: 'null', value: null },
    { label: 'array for object', value: [base] },
    { label: 'string for object', value: 'input' },
    { label: 'number for object', value: 42 },
    { label: 'deep nesting (500)', value: deep(500) },
    { label: 'unknown field', value: { ...(base as object), zzUnknown: 1 } },
    { label: 'empty string', value: '' },
    { label: 'false', value: false },
    { label: 'empty array', value: [] },
    { label: 'array of null', value: [null] },
    { label: 'empty key', value: { '': '' } },
    { label: 'unknown null field', value: { zz: null } },
    { label: 'unknown huge field', value: { zz: HUGE } },
    { label: 'unknown deep field', value: { zz: deep(300) } },
    { label: 'nested arrays', value: [[[[]]]] },
    { label: 'unicode keys', value: { '\u0000': 1, '\ud800': 2, '🙂': 3 } },
    { label: 'proto key', value: JSON.parse(`{"__proto__":{"polluted":true},"constructor":{"prototype":{"x":1}}}`) },
  ];
  for (const [path, sub] of fields(schema, base)) {
    const where = path.join('.');
    const s = branch(sub);
    for (const wrong of WRONG_TYPES)
      out.push({ label: `${where} = ${JSON.stringify(wrong)}`, value: setAt(base, path, wrong) });
    out.push({ label: `${where} missing`, value: setAt(base, path, undefined, true) });
    out.push({ label: `${where} deep`, value: setAt(base, path, deep(300)) });
    if (s.type === 'string' || s.type === undefined || s.anyOf || s.enum) {
      out.push({ label: `${where} huge`, value: setAt(base, path, HUGE) });
      for (const nasty of NASTY_STRINGS)
        out.push({ label: `${where} = ${JSON.stringify(nasty)}`, value: setAt(base, path, nasty) });
    }
    if (s.type === 'object' && (s.additionalProperties === undefined || typeof s.additionalProperties === 'object')) {
      out.push({
        label: `${where} control chars in a key`,
        value: setAt(base, path, { 'X-A\r\nB': 'v', 'Bad Name': 'v' }),
      });
      out.push({ label: `${where} control chars in a value`, value: setAt(base, path, { 'X-Ok': 'a\u0000b\u0001' }) });
      out.push({ label: `${where} non-Latin-1 value`, value: setAt(base, path, { 'X-Ok': '🙂 ünïcode \u2028' }) });
      out.push({
        label: `${where} many keys`,
        value: setAt(base, path, Object.fromEntries(Array.from({ length: 5000 }, (_, i) => [`k${i}`, 'v']))),
      });
    }
    if (s.type === 'array' || s.type === 'integer' || s.type === 'number') {
      out.push({
        label: `${where} = huge array`,
        value: setAt(
          base,
          path,
          Array.from({ length: 20_000 }, () => 1),
        ),
      });
    }
  }
  return out;
}

/** Path parameters that are not what a route expects, including escapes that do not decode. */
export const BAD_PATH_PARAMS = [
  '%E0',
  '%',
  '%zz',
  '%00',
  '%C0%AF',
  '..%2F..%2Fetc%2Fpasswd',
  '%2e%2e',
  '%F0%9F%99%82',
  'x'.repeat(4000),
  '%ED%A0%80',
  '__proto__',
  'constructor',
];

/** Query strings with wrong types per parameter, repeats and escapes that do not decode. */
export function badQueries(props: Record<string, JsonSchema>): string[] {
  const out = [
    'zzUnknown=1',
    '%E0=%E0',
    '=',
    '&&&',
    'a=%',
    `${'q'.repeat(3000)}=1`,
    '__proto__=x',
    '__proto__[polluted]=1',
    'constructor=1',
    'a[]=1&a[]=2',
    '%FF%FE=1',
    '%C0%80=%C0%80',
    'limit=-1&cursor=%',
    'a=1&'.repeat(500),
    'x=%0D%0AInjected:%201',
    'x=%00',
  ];
  for (const key of Object.keys(props)) {
    for (const v of ['abc', '-1', '1e999', '', '%E0', 'true', '9'.repeat(400), '%00', '[]', '{}'])
      out.push(`${encodeURIComponent(key)}=${v}`);
    out.push(`${encodeURIComponent(key)}=1&${encodeURIComponent(key)}=2`);
  }
  return out;
}
