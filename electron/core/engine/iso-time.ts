/** The last whole second formatted, `2026-11-30T05:41:04.`: most times the engine writes fall in the same second. */
let second = NaN;
let prefix = '';
/** Up to 9999-12-31T23:59:59.999Z toISOString keeps its 24-character shape; past that (or before 1970) it is not cached. */
const LAST_CACHED_MS = 253_402_300_799_999;

/**
 * `new Date(ms).toISOString()`, the same string, for the several timestamps
 * each delivery carries: building a Date and formatting it costs 2-4 µs per
 * call on the development machine, appending the milliseconds to the
 * second's cached prefix well under 0.1 µs.
 */
export function isoTime(ms: number): string {
  if (!Number.isInteger(ms) || ms < 0 || ms > LAST_CACHED_MS) return new Date(ms).toISOString();
  const s = Math.floor(ms / 1000);
  if (s !== second) {
    prefix = new Date(s * 1000).toISOString().slice(0, 20);
    second = s;
  }
  const rest = ms - s * 1000;
  return `${prefix}${rest < 10 ? '00' : rest < 100 ? '0' : ''}${rest}Z`;
}
