/**
 * Splits a Server-Sent Events text stream into the `data` of each event.
 * Pure, so the stream reader stays small and this part is unit-tested.
 * Comments (`: ping`) and fields other than data are skipped.
 */
export function takeSseEvents(buffer: string): { events: string[]; rest: string } {
  const events: string[] = [];
  const normalized = buffer.replace(/\r\n/g, '\n');
  let start = 0;
  for (;;) {
    const end = normalized.indexOf('\n\n', start);
    if (end < 0) break;
    const data = normalized
      .slice(start, end)
      .split('\n')
      .filter((line) => line.startsWith('data:'))
      .map((line) => line.slice(line.startsWith('data: ') ? 6 : 5));
    if (data.length) events.push(data.join('\n'));
    start = end + 2;
  }
  return { events, rest: normalized.slice(start) };
}
