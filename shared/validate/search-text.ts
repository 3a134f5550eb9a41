/**
 * Free-text search over exchange bodies and header values (SQLite FTS5). The
 * core builds its query with `ftsQuery`; the UI checks the same text with
 * `searchTextProblem` before asking, so a typo is said next to the box.
 */

export const SEARCH_TEXT_MAX = 500;

/** Each word becomes a quoted phrase (so `@`, `.`, `-` are just separators); all must match; `word*` is a prefix. */
export function ftsQuery(text: string): string | null {
  const terms = text
    .split(/\s+/)
    .filter((t) => /[\p{L}\p{N}]/u.test(t))
    .map((t) => {
      const prefix = t.endsWith('*');
      const word = prefix ? t.slice(0, -1) : t;
      return `"${word.replaceAll('"', '""')}"${prefix ? '*' : ''}`;
    });
  return terms.length ? terms.join(' ') : null;
}

/** Why this text cannot be searched, in words for the search box; null when it can. */
export function searchTextProblem(text: string): string | null {
  const t = text.trim();
  if (!t) return null;
  if (t.length > SEARCH_TEXT_MAX) return `Search takes at most ${SEARCH_TEXT_MAX} characters`;
  if (!ftsQuery(t))
    return 'Search for a word with a letter or digit (an email, an id); * only ends a prefix, as in ada*';
  return null;
}
