interface Frame {
  kind: 'object' | 'array';
  /** Objects: the key being read or whose value is being read. */
  key: string;
  expectKey: boolean;
  /** Arrays: whose elements are handed out (the array sits at a wanted path). */
  wanted: boolean;
}

/**
 * Hands out the raw JSON text of each element of an array found at one of
 * `paths` (keys from the top, e.g. ['log', 'entries']), reading the document
 * piece by piece: a file of any size is never held whole, as one string or
 * one parsed value. Everything else in the document is skipped. Elements are
 * not validated here; the importer parses each.
 */
export class JsonArrayStream {
  private readonly stack: Frame[] = [];
  private inString = false;
  private escaped = false;
  private keyText: string | null = null;
  /** The element being collected: pieces of text, and the depth its array sits at. */
  private element: string[] | null = null;
  private elementStart = -1;
  private elementDepth = -1;
  private readonly wanted: string[];
  /** The path (joined) of the array whose elements were found, once one was. */
  found: string | null = null;

  constructor(paths: string[][]) {
    this.wanted = paths.map((p) => p.join('\u0000'));
  }

  /** Feeds the next piece of the document; returns the elements completed in it. */
  push(chunk: string): string[] {
    const done: string[] = [];
    const collecting = () => this.element !== null;
    for (let i = 0; i < chunk.length; i++) {
      const c = chunk[i]!;
      if (this.inString) {
        if (this.escaped) this.escaped = false;
        else if (c === '\\') this.escaped = true;
        else if (c === '"') {
          this.inString = false;
          const top = this.stack[this.stack.length - 1];
          if (this.keyText !== null && top) top.key = this.keyText;
          this.keyText = null;
          continue;
        }
        if (this.keyText !== null) this.keyText += c;
        continue;
      }
      const top = this.stack[this.stack.length - 1];
      // Inside a wanted array, at its own depth: an element starts at the first non-blank character.
      if (top?.wanted && this.stack.length === this.elementDepth && !collecting() && !/[\s,\]]/.test(c)) {
        this.element = [];
        this.elementStart = i;
      }
      switch (c) {
        case '"':
          this.inString = true;
          this.keyText = top?.kind === 'object' && top.expectKey ? '' : null;
          break;
        case ':':
          if (top?.kind === 'object') top.expectKey = false;
          break;
        case ',':
          if (top?.kind === 'object') top.expectKey = true;
          if (top?.wanted && this.stack.length === this.elementDepth) this.finish(chunk, i, done);
          break;
        case '{':
        case '[': {
          const path = this.stack.every((f) => f.kind === 'object') ? this.stack.map((f) => f.key) : null;
          const wanted = c === '[' && !this.found && path !== null && this.wanted.includes(path.join('\u0000'));
          this.stack.push({ kind: c === '{' ? 'object' : 'array', key: '', expectKey: c === '{', wanted });
          if (wanted) {
            this.found = path!.join('.');
            this.elementDepth = this.stack.length;
          }
          break;
        }
        case '}':
        case ']':
          if (c === ']' && top?.wanted && this.stack.length === this.elementDepth) this.finish(chunk, i, done);
          this.stack.pop();
          break;
      }
    }
    if (this.element !== null) {
      this.element.push(chunk.slice(Math.max(this.elementStart, 0)));
      this.elementStart = 0;
    }
    return done;
  }

  private finish(chunk: string, end: number, done: string[]): void {
    if (this.element === null) return;
    this.element.push(chunk.slice(Math.max(this.elementStart, 0), end));
    const text = this.element.join('').trim();
    if (text) done.push(text);
    this.element = null;
    this.elementStart = -1;
  }
}
