/**
 * Limits every door applies to an input before its schema sees it: a schema
 * walks nested values recursively, and so does everything that later stores
 * or prints them, so a value nested thousands deep must be refused up front.
 */
export const MAX_INPUT_DEPTH = 64;

/** The nesting depth of a JSON-like value, counted without recursion; stops once past `limit`. */
export function depthExceeds(value: unknown, limit = MAX_INPUT_DEPTH): boolean {
  const stack: [unknown, number][] = [[value, 1]];
  while (stack.length) {
    const [v, depth] = stack.pop()!;
    if (v === null || typeof v !== 'object') continue;
    if (depth > limit) return true;
    for (const child of Array.isArray(v) ? v : Object.values(v)) {
      if (child !== null && typeof child === 'object') stack.push([child, depth + 1]);
    }
  }
  return false;
}

/** The message every door gives for a value nested too deep. */
export const TOO_DEEP = `The input is nested more than ${MAX_INPUT_DEPTH} levels deep.`;
