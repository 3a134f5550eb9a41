/**
 * Seeded fake data for sample payloads. A hand-written PRNG (mulberry32)
 * keeps shared/ free of dependencies and makes a given seed produce the same
 * payload in Node and the browser.
 */
export function mulberry32(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const FIRST = [
  'Ada',
  'Grace',
  'Alan',
  'Katherine',
  'Linus',
  'Margaret',
  'Dennis',
  'Barbara',
  'Ken',
  'Radia',
  'Tim',
  'Hedy',
  'Edsger',
  'Frances',
  'John',
  'Sophie',
];
const LAST = [
  'Lovelace',
  'Hopper',
  'Turing',
  'Johnson',
  'Torvalds',
  'Hamilton',
  'Ritchie',
  'Liskov',
  'Thompson',
  'Perlman',
  'Berners-Lee',
  'Lamarr',
  'Dijkstra',
  'Allen',
  'McCarthy',
  'Wilson',
];
const DOMAINS = ['example.com', 'example.org', 'acme.test', 'initech.example', 'globex.example'];
const COMPANIES = ['Acme', 'Initech', 'Globex', 'Umbrella', 'Hooli', 'Vandelay', 'Stark', 'Wayne'];
const AGENTS = [
  'Mozilla/5.0 (Macintosh; Intel Mac OS X 14_4) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.4 Safari/605.1.15',
  'Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/124.0.0.0 Safari/537.36',
  'Mozilla/5.0 (X11; Linux x86_64; rv:125.0) Gecko/20100101 Firefox/125.0',
  'Mozilla/5.0 (iPhone; CPU iPhone OS 17_4 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Mobile/15E148',
];
const ALNUM = '0123456789abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ';

export interface Person {
  first: string;
  last: string;
  name: string;
  email: string;
}

export class Fake {
  private readonly next: () => number;

  constructor(
    seed: number,
    /** Epoch ms every generated time is derived from, so output never depends on the wall clock. */
    readonly baseTime: number,
  ) {
    this.next = mulberry32(seed);
  }

  float(): number {
    return this.next();
  }

  int(min: number, max: number): number {
    return min + Math.floor(this.next() * (max - min + 1));
  }

  bool(pTrue = 0.5): boolean {
    return this.next() < pTrue;
  }

  pick<T>(items: readonly T[]): T {
    return items[Math.floor(this.next() * items.length)]!;
  }

  chars(length: number, alphabet = ALNUM): string {
    return Array.from({ length }, () => alphabet[Math.floor(this.next() * alphabet.length)]).join('');
  }

  hex(length: number): string {
    return this.chars(length, '0123456789abcdef');
  }

  uuid(): string {
    const h = this.hex(32);
    return `${h.slice(0, 8)}-${h.slice(8, 12)}-4${h.slice(13, 16)}-${'89ab'[this.int(0, 3)]}${h.slice(17, 20)}-${h.slice(20, 32)}`;
  }

  /** Stripe/Svix-style ids: `cus_N8x…`. */
  prefixed(prefix: string, length = 14): string {
    return `${prefix}_${this.chars(length)}`;
  }

  person(): Person {
    const first = this.pick(FIRST);
    const last = this.pick(LAST);
    const email = `${first}.${last}`.toLowerCase().replace(/[^a-z.]/g, '') + `${this.int(1, 99)}@${this.pick(DOMAINS)}`;
    return { first, last, name: `${first} ${last}`, email };
  }

  company(): string {
    return `${this.pick(COMPANIES)} ${this.pick(['Inc', 'Labs', 'GmbH', 'Ltd', 'Corp'])}`;
  }

  slug(text: string): string {
    return text
      .toLowerCase()
      .replace(/[^a-z0-9]+/g, '-')
      .replace(/^-|-$/g, '');
  }

  ip(): string {
    // Documentation ranges (RFC 5737) so no sample points at a real host.
    return `${this.pick(['192.0.2', '198.51.100', '203.0.113'])}.${this.int(1, 254)}`;
  }

  userAgent(): string {
    return this.pick(AGENTS);
  }

  phone(): string {
    return `+1555${this.chars(7, '0123456789')}`;
  }

  /** Epoch ms, `secondsAgo` (plus jitter) before the base time. */
  msAgo(maxSecondsAgo: number, minSecondsAgo = 0): number {
    return this.baseTime - this.int(minSecondsAgo, maxSecondsAgo) * 1000;
  }

  isoAgo(maxSecondsAgo: number, minSecondsAgo = 0): string {
    return new Date(this.msAgo(maxSecondsAgo, minSecondsAgo)).toISOString();
  }

  now(): string {
    return new Date(this.baseTime).toISOString();
  }
}
