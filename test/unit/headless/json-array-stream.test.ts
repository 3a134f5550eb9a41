import { describe, expect, it } from 'vitest';
import { JsonArrayStream } from '../../../electron/headless/json-array-stream';

const doc = JSON.stringify(
  {
    format: 'hookbench-export',
    note: 'a "quoted" [bracket], {brace} and \\ backslash',
    exchanges: [{ a: [1, { b: '],}' }] }, 'str"ing', 3, null, { nested: { exchanges: [9] } }],
    after: [1, 2],
  },
  null,
  2,
);

function elements(text: string, size: number, paths: string[][]): string[] {
  const stream = new JsonArrayStream(paths);
  const out: string[] = [];
  for (let i = 0; i < text.length; i += size) out.push(...stream.push(text.slice(i, i + size)));
  return out;
}

describe('JsonArrayStream', () => {
  it('hands out each element of the array at the path, whatever the piece size', () => {
    const expected = [{ a: [1, { b: '],}' }] }, 'str"ing', 3, null, { nested: { exchanges: [9] } }];
    for (const size of [1, 2, 3, 7, 64, 100_000]) {
      expect(
        elements(doc, size, [['exchanges']]).map((e) => JSON.parse(e)),
        `pieces of ${size}`,
      ).toEqual(expected);
    }
  });

  it('finds a nested path (HAR log.entries) and nothing at paths that are not there', () => {
    const har = JSON.stringify({ log: { version: '1.2', entries: [{ x: 1 }, { y: [2] }] } });
    expect(elements(har, 5, [['log', 'entries']]).map((e) => JSON.parse(e))).toEqual([{ x: 1 }, { y: [2] }]);
    expect(elements(har, 5, [['exchanges']])).toEqual([]);
    expect(elements('{"exchanges":[]}', 3, [['exchanges']])).toEqual([]);
  });
});
