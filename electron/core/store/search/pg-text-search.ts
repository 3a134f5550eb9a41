import { searchTerms } from '../../../../shared/validate/search-text';
import { searchWords } from './search-words';

/**
 * tsvector and tsquery literals built from searchWords, so PostgreSQL never
 * splits text with its own parser: the words and positions are FTS5's.
 */

/** PostgreSQL's limits: a lexeme under 2 KiB, positions 1–16383, at most 256 positions per lexeme. */
const MAX_LEXEME_BYTES = 2046;
const MAX_POSITION = 16383;
const MAX_POSITIONS = 256;

/** Words never hold a quote or backslash (both separate words), but a literal must stay a literal. */
const quote = (word: string) =>
  word.includes("'") || word.includes('\\') ? `'${word.replaceAll('\\', '\\\\').replaceAll("'", "''")}'` : `'${word}'`;
const tooLong = (word: string) => word.length * 3 > MAX_LEXEME_BYTES && Buffer.byteLength(word) > MAX_LEXEME_BYTES;

/**
 * Header values first, then the body after a one-position gap, so a phrase
 * never spans the two (FTS5 keeps them in separate columns) and a long body
 * reaches PostgreSQL's position cap only at its own end.
 */
export function tsvectorLiteral(headerValues: string | null, body: string | null): string {
  const positions = new Map<string, number[]>();
  let at = 0;
  const add = (text: string | null) => {
    if (!text) return;
    for (const word of searchWords(text)) {
      at++;
      if (tooLong(word)) continue;
      const list = positions.get(word);
      if (!list) positions.set(word, [Math.min(at, MAX_POSITION)]);
      else if (list.length < MAX_POSITIONS && list[list.length - 1]! < MAX_POSITION)
        list.push(Math.min(at, MAX_POSITION));
    }
  };
  add(headerValues);
  at++;
  add(body);
  let out = '';
  for (const [word, list] of positions) out += (out ? ' ' : '') + quote(word) + ':' + list.join(',');
  return out;
}

/** What a search compiles to: a tsquery literal, or a search that can match nothing (a word PostgreSQL cannot index). */
export type CompiledSearch = { tsquery: string } | { nothing: true } | null;

/** Every term a phrase of its words (`<->`), the last word a prefix after `*`; all terms must match. Null: nothing searchable. */
export function tsqueryLiteral(text: string): CompiledSearch {
  const phrases: string[] = [];
  for (const term of searchTerms(text)) {
    const words = searchWords(term.text);
    if (!words.length) continue;
    if (words.some(tooLong)) return { nothing: true };
    const last = words.length - 1;
    phrases.push(`(${words.map((w, i) => quote(w) + (term.prefix && i === last ? ':*' : '')).join(' <-> ')})`);
  }
  return phrases.length ? { tsquery: phrases.join(' & ') } : null;
}
