/**
 * Free-text search over exchange bodies and header values. Both stores read
 * the text as `searchTerms`; the UI checks it with `searchTextProblem` before
 * asking, so a typo is said next to the box.
 */

export const SEARCH_TEXT_MAX = 500;

/** One whitespace-separated part of a search: a phrase of words, the last one a prefix when it ended in `*`. */
export interface SearchTerm {
  /** As typed, without the trailing `*`. */
  text: string;
  prefix: boolean;
}

/**
 * The query language both stores share: whitespace separates terms, every
 * term must match (as a phrase of its words), `*` at the end of a term makes
 * its last word a prefix. Terms without a letter or digit are ignored; an
 * empty list means nothing searchable was typed.
 */
export function searchTerms(text: string): SearchTerm[] {
  return text
    .split(/\s+/)
    .filter((t) => /[\p{L}\p{N}]/u.test(t))
    .map((t) => (t.endsWith('*') ? { text: t.slice(0, -1), prefix: true } : { text: t, prefix: false }));
}

/** Why this text cannot be searched, in words for the search box; null when it can. */
export function searchTextProblem(text: string): string | null {
  const t = text.trim();
  if (!t) return null;
  if (t.length > SEARCH_TEXT_MAX) return `Search takes at most ${SEARCH_TEXT_MAX} characters`;
  if (searchTerms(t).length === 0)
    return 'Search for a word with a letter or digit (an email, an id); * only ends a prefix, as in ada*';
  return null;
}
