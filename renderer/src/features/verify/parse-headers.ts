/**
 * Turns pasted request headers into the map `verify` takes. People paste from
 * many places, so this accepts: `Name: value` lines (an HTTP request line or a
 * curl `-H '…'` wrapper around each is tolerated), or a JSON object whose
 * values are strings or string arrays. Repeated names become arrays, matched
 * without regard to case, keeping the first spelling.
 */
export type ParsedHeaders = Record<string, string | string[]>;

export interface HeaderParseResult {
  headers: ParsedHeaders;
  /** Lines that could not be read, with 1-based line numbers; empty when all is well. */
  errors: string[];
}

const TOKEN = /^[!#$%&'*+\-.^_`|~0-9A-Za-z]+$/;
const REQUEST_LINE = /^(GET|POST|PUT|PATCH|DELETE|HEAD|OPTIONS)\s+\S+(\s+HTTP\/[\d.]+)?$/i;
const STATUS_LINE = /^HTTP\/[\d.]+\s+\d{3}/i;

function add(out: ParsedHeaders, names: Map<string, string>, name: string, value: string): void {
  const key = names.get(name.toLowerCase()) ?? name;
  names.set(name.toLowerCase(), key);
  const existing = out[key];
  if (existing === undefined) out[key] = value;
  else out[key] = Array.isArray(existing) ? [...existing, value] : [existing, value];
}

function parseJsonObject(text: string): HeaderParseResult {
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch (e) {
    return { headers: {}, errors: [`The headers look like JSON but do not parse: ${(e as Error).message}`] };
  }
  if (parsed === null || typeof parsed !== 'object' || Array.isArray(parsed)) {
    return { headers: {}, errors: ['JSON headers must be an object of name → value.'] };
  }
  const headers: ParsedHeaders = {};
  const names = new Map<string, string>();
  const errors: string[] = [];
  for (const [name, value] of Object.entries(parsed)) {
    if (!TOKEN.test(name)) errors.push(`"${name}" is not a valid header name.`);
    else if (typeof value === 'string' || typeof value === 'number') add(headers, names, name, String(value));
    else if (Array.isArray(value) && value.every((v) => typeof v === 'string'))
      value.forEach((v: string) => add(headers, names, name, v));
    else errors.push(`The value of "${name}" must be a string or an array of strings.`);
  }
  return { headers, errors };
}

/** Strips a curl `-H '…'` / `--header "…"` wrapper and a trailing line continuation. */
function unwrapCurl(line: string): string {
  let s = line.replace(/\s*\\$/, '').trim();
  const m = /^(?:-H|--header)\s+(['"])(.*)\1$/.exec(s);
  if (m) s = m[2]!;
  return s;
}

export function parseHeaders(text: string): HeaderParseResult {
  const trimmed = text.trim();
  if (trimmed === '') return { headers: {}, errors: [] };
  if (trimmed.startsWith('{')) return parseJsonObject(trimmed);
  const headers: ParsedHeaders = {};
  const names = new Map<string, string>();
  const errors: string[] = [];
  text.split(/\r?\n/).forEach((raw, index) => {
    const line = unwrapCurl(raw);
    if (line === '' || REQUEST_LINE.test(line) || STATUS_LINE.test(line) || /^curl\b/.test(line)) return;
    const colon = line.indexOf(':');
    if (colon <= 0) {
      errors.push(`Line ${index + 1}: expected "Name: value", got "${line.slice(0, 60)}".`);
      return;
    }
    const name = line.slice(0, colon).trim();
    if (!TOKEN.test(name)) {
      errors.push(`Line ${index + 1}: "${name}" is not a valid header name.`);
      return;
    }
    // Values keep inner spaces; only the whitespace HTTP itself ignores is dropped.
    add(headers, names, name, line.slice(colon + 1).trim());
  });
  return { headers, errors };
}

/** Secrets one per line; blank lines are separators, not empty secrets. */
export function parseSecrets(text: string): string[] {
  return text
    .split(/\r?\n/)
    .map((s) => s.trim())
    .filter((s) => s !== '');
}

/**
 * The optional "now" override: Unix seconds, Unix milliseconds (13 digits,
 * converted) or an ISO date-time. Empty means "the core's clock".
 */
export function parseNow(text: string): { value?: number; error?: string } {
  const t = text.trim();
  if (t === '') return {};
  if (/^\d{1,12}$/.test(t)) return { value: Number(t) };
  if (/^\d{13}$/.test(t)) return { value: Math.floor(Number(t) / 1000) };
  const ms = Date.parse(t);
  if (/^\d{4}-\d{2}-\d{2}/.test(t) && !Number.isNaN(ms)) return { value: Math.floor(ms / 1000) };
  return { error: 'Use Unix seconds (e.g. 1767225600) or an ISO date-time (2026-01-01T00:00:00Z).' };
}
