import { z } from 'zod';
import { methods, type MethodName } from '../../../shared/api/contract';

type JsonSchema = {
  type?: string | string[];
  properties?: Record<string, JsonSchema>;
  anyOf?: JsonSchema[];
  items?: JsonSchema;
  [k: string]: unknown;
};

const cache = new Map<MethodName, JsonSchema>();

/** The JSON Schema of a method's input, derived from the zod schema every door validates with. */
export function inputJsonSchema(name: MethodName): JsonSchema {
  let schema = cache.get(name);
  if (!schema) {
    schema = z.toJSONSchema(methods[name].input, { io: 'input', unrepresentable: 'any' }) as JsonSchema;
    delete schema.$schema;
    cache.set(name, schema);
  }
  return schema;
}

/** Top-level properties, looking through a union of objects. */
export function inputProperties(name: MethodName): Record<string, JsonSchema> {
  const s = inputJsonSchema(name);
  if (s.properties) return s.properties;
  return Object.assign({}, ...(s.anyOf ?? []).map((v) => v.properties ?? {}));
}

function typeOf(s: JsonSchema | undefined): string | undefined {
  if (!s) return undefined;
  if (typeof s.type === 'string') return s.type;
  if (Array.isArray(s.type)) return s.type.find((t) => t !== 'null');
  return typeOf(s.anyOf?.find((v) => v.type !== 'null'));
}

/**
 * Query strings are text; turn each parameter into what the schema expects so
 * `?limit=20&outcome=failed` validates like `{ limit: 20, outcome: 'failed' }`.
 * Values that do not convert are passed as given, so the schema's message names them.
 */
export function queryToInput(name: MethodName, query: URLSearchParams): Record<string, unknown> {
  const props = inputProperties(name);
  const entries: [string, unknown][] = [];
  for (const key of new Set(query.keys())) {
    const values = query.getAll(key);
    const type = Object.hasOwn(props, key) ? typeOf(props[key]) : undefined;
    const convert = (v: string): unknown => {
      if (type === 'integer' || type === 'number') return v.trim() !== '' && !Number.isNaN(Number(v)) ? Number(v) : v;
      if (type === 'boolean') return v === 'true' ? true : v === 'false' ? false : v;
      return v;
    };
    entries.push([
      key,
      type === 'array'
        ? values.flatMap((v) => v.split(',')).map((v) => (typeOf(props[key]?.items) === 'string' ? v : convert(v)))
        : convert(values[values.length - 1]!),
    ]);
  }
  // fromEntries defines own properties: a `__proto__` parameter stays a (refused) field, never a prototype.
  return Object.fromEntries(entries);
}
