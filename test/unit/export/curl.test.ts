import { execFileSync } from 'node:child_process';
import { describe, expect, it } from 'vitest';
import { shellQuote, toCurl } from '../../../shared/export/curl';

describe('copy as curl', () => {
  it('quotes anything for a POSIX shell, checked by a real shell', () => {
    for (const text of [`it's "quoted"`, 'line1\nline2', '$HOME `id` \\n', '{"a":1}']) {
      expect(execFileSync('sh', ['-c', `printf %s ${shellQuote(text)}`], { encoding: 'utf8' })).toBe(text);
    }
  });

  it('keeps headers in order, drops the ones curl computes, and sends the exact body', () => {
    const cmd = toCurl({
      method: 'post',
      url: 'http://localhost:3000/hook',
      headers: [
        ['Content-Type', 'application/json'],
        ['Content-Length', '12'],
        ['webhook-id', "msg_'1"],
      ],
      body: { isText: true, text: '{"a": "b\'"}', base64: null, size: 11, truncated: false },
    });
    expect(cmd).toBe(
      `curl -sS -X POST 'http://localhost:3000/hook' -H 'Content-Type: application/json' -H 'webhook-id: msg_'\\''1' --data-binary '{"a": "b'\\''"}'`,
    );
  });

  it('pipes binary bodies through base64 -d so every byte survives', () => {
    const bytes = Buffer.from([0, 255, 10, 39]);
    const cmd = toCurl({
      method: 'PUT',
      url: 'http://x/',
      headers: [],
      body: { isText: false, text: null, base64: bytes.toString('base64'), size: 4, truncated: false },
    });
    expect(cmd).toMatch(/^printf %s '.*' \| base64 -d \| curl .* --data-binary @-$/);
    const piped = cmd.slice(0, cmd.indexOf(' | curl'));
    expect(execFileSync('sh', ['-c', piped])).toEqual(bytes);
  });
});
