import { FOLD_FROM, FOLD_TO, SEPARATOR_RANGES } from './unicode61-tables';

/**
 * Search text as both stores understand it. The SQLite store hands terms to
 * FTS5 (unicode61, diacritics removed); the PostgreSQL store indexes and
 * queries words split and folded here with FTS5's own tables, so
 * `alice@example.com` is the three words `alice example com` on both (PG's
 * parser would keep it as one email token) and a search finds the same rows.
 */

const ASCII_SEPARATOR = new Uint8Array(128);
for (let i = 0; i < SEPARATOR_RANGES.length; i += 2)
  for (let c = SEPARATOR_RANGES[i]!; c <= Math.min(127, SEPARATOR_RANGES[i + 1]!); c++) ASCII_SEPARATOR[c] = 1;
ASCII_SEPARATOR[0] = 1;
const FOLDS = new Map<number, number>(FOLD_FROM.map((c, i) => [c, FOLD_TO[i]!]));

function isSeparator(c: number): boolean {
  if (c < 128) return ASCII_SEPARATOR[c] === 1;
  let lo = 0;
  let hi = SEPARATOR_RANGES.length / 2 - 1;
  while (lo <= hi) {
    const mid = (lo + hi) >> 1;
    if (c < SEPARATOR_RANGES[2 * mid]!) hi = mid - 1;
    else if (c > SEPARATOR_RANGES[2 * mid + 1]!) lo = mid + 1;
    else return true;
  }
  return false;
}

/** A word character's fold: ASCII upper case to lower, other code points through FTS5's table ('' drops it). */
function foldWord(word: string): string {
  let out = '';
  for (const ch of word) {
    const c = ch.codePointAt(0)!;
    if (c < 128) out += c >= 65 && c <= 90 ? String.fromCharCode(c + 32) : ch;
    else {
      const folded = FOLDS.get(c);
      if (folded === undefined) out += ch;
      else if (folded >= 0) out += String.fromCodePoint(folded);
    }
  }
  return out;
}

/**
 * The words of `text`, in order, folded as FTS5's unicode61 tokenizer does.
 * Runs of plain lower-case ASCII (most of a JSON body) are sliced out whole;
 * only words holding upper case or other scripts are folded character by
 * character (the indexer runs this on every stored body).
 */
export function searchWords(text: string): string[] {
  const words: string[] = [];
  let start = -1;
  let fold = false;
  const end = (at: number) => {
    if (start >= 0) {
      const word = fold ? foldWord(text.slice(start, at)) : text.slice(start, at);
      if (word) words.push(word);
    }
    start = -1;
    fold = false;
  };
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c < 128) {
      if (ASCII_SEPARATOR[c] === 1) end(i);
      else {
        if (start < 0) start = i;
        if (c <= 90 && c >= 65) fold = true;
      }
      continue;
    }
    let cp = c;
    let width = 1;
    if (c >= 0xd800 && c <= 0xdbff && i + 1 < text.length) {
      const low = text.charCodeAt(i + 1);
      if (low >= 0xdc00 && low <= 0xdfff) {
        cp = 0x10000 + ((c - 0xd800) << 10) + (low - 0xdc00);
        width = 2;
      }
    }
    // A lone surrogate is not a character: it separates, as the store's UTF-8 would replace it.
    if ((width === 1 && c >= 0xd800 && c <= 0xdfff) || isSeparator(cp)) end(i);
    else {
      if (start < 0) start = i;
      fold = true;
    }
    i += width - 1;
  }
  end(text.length);
  return words;
}
