import { DatabaseSync as Database } from 'node:sqlite';
import { arrays } from '../../support/sqlite-arrays';
import { expect, it } from 'vitest';
import { searchTerms } from '../../../shared/validate/search-text';
import { searchWords } from '../../../electron/core/store/search/search-words';
import { tsqueryLiteral, tsvectorLiteral } from '../../../electron/core/store/search/pg-text-search';

/** The words FTS5's unicode61 tokenizer (the SQLite store's) makes of each document, in order. */
function fts5Words(docs: string[]): string[][] {
  const db = new Database(':memory:');
  try {
    db.exec("CREATE VIRTUAL TABLE f USING fts5(x); CREATE VIRTUAL TABLE v USING fts5vocab(f, 'instance');");
    const insert = db.prepare('INSERT INTO f(rowid, x) VALUES (?, ?)');
    db.exec('BEGIN');
    docs.forEach((d, i) => insert.run(i + 1, d));
    db.exec('COMMIT');
    const out: string[][] = docs.map(() => []);
    for (const [term, doc] of arrays(db.prepare('SELECT term, doc FROM v ORDER BY doc, offset')).all() as [
      string,
      number,
    ][])
      out[doc - 1]!.push(term);
    return out;
  } finally {
    db.close();
  }
}

it('splits and folds every code point of the first three planes exactly as FTS5 unicode61 does', () => {
  const docs: string[] = [];
  for (let c = 1; c <= 0x2ffff; c++) if (c < 0xd800 || c > 0xdfff) docs.push(`q${String.fromCodePoint(c)}q`);
  const want = fts5Words(docs);
  const mismatches = docs.filter((d, i) => JSON.stringify(searchWords(d)) !== JSON.stringify(want[i]));
  expect(mismatches.map((d) => d.codePointAt(1)!.toString(16)).slice(0, 20)).toEqual([]);
});

it('agrees with FTS5 on mixed text: emails, accents, CJK, symbols, combining marks, long runs', () => {
  const alphabet = [...'aZé É ß@.-_/:"\'*0१٣日本語ǖ\u0301\u200d🙂ΣσςİıŉǅⅫ①\t\n\u0000'];
  let seed = 7;
  const rand = () => (seed = (seed * 1103515245 + 12345) & 0x7fffffff) / 0x7fffffff;
  const docs = [
    'alice@example.com sent trace-42',
    'Crème Brûlée, São Paulo, Straße, Ærø',
    'x-request-id: 0e4f-77aa; Bearer eyJhbGciOiJIUzI1NiJ9.abc.def',
    ...Array.from({ length: 2000 }, () =>
      Array.from({ length: 1 + Math.floor(rand() * 30) }, () => alphabet[Math.floor(rand() * alphabet.length)]).join(
        '',
      ),
    ),
  ];
  const want = fts5Words(docs);
  docs.forEach((d, i) => expect(searchWords(d), JSON.stringify(d)).toEqual(want[i]));
});

it('builds PostgreSQL literals from the same words: positions, a gap between headers and body, phrases and prefixes', () => {
  expect(tsvectorLiteral('application/json t=1', "It's alice@example.com, alice!")).toBe(
    "'application':1 'json':2 't':3 '1':4 'it':6 's':7 'alice':8,11 'example':9 'com':10",
  );
  expect(tsvectorLiteral(null, null)).toBe('');
  expect(tsqueryLiteral('Alice@Example.COM trace-4*')).toEqual({
    tsquery: "('alice' <-> 'example' <-> 'com') & ('trace' <-> '4':*)",
  });
  expect(tsqueryLiteral('@@ -- *')).toBeNull();
  expect(tsqueryLiteral(`${'a'.repeat(3000)} b`)).toEqual({ nothing: true });
  expect(searchTerms('  foo*  "bar baz" ')).toEqual([
    { text: 'foo', prefix: true },
    { text: '"bar', prefix: false },
    { text: 'baz"', prefix: false },
  ]);
});
