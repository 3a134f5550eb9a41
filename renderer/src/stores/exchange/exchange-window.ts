import { ok, type Result } from '../../../../shared/api/result';
import type { ExchangeSummary, ExchangePage } from '../../../../shared/model/exchange';
import { LateChanges } from './late-changes';

/**
 * Rows per request, and the step of the cursor walk. The core's cost is per
 * row (~0.1 ms), so a walk costs about the same at 200 or 500, while the first
 * page after a filter change comes back twice as fast at 200.
 */
export const PAGE_SIZE = 200;
/** Pages kept in memory around the visible rows; farther ones are dropped and reloaded by cursor. */
export const KEEP_PAGES = 12;
/**
 * Live rows kept above page 0 before the window re-reads page 0 and lets the
 * older live rows go (2.5 s of rows at 2,000/s, about 2 MB).
 */
export const MAX_HEAD = 5000;

/** Newest first, by time (the core's ISO times share one format, so they compare as strings). */
export const newestFirst = (a: ExchangeSummary, b: ExchangeSummary): number =>
  a.time < b.time ? 1 : a.time > b.time ? -1 : 0;

export type FetchPage = (cursor: string | null, limit: number) => Promise<Result<ExchangePage>>;

export interface WindowListener {
  (): void;
}

/**
 * What the list renders: an immutable picture of the window, replaced on every
 * change, so a component re-renders exactly when it holds a new one.
 */
export interface RowsView {
  count: number;
  firstPageLoaded: boolean;
  error: string | null;
  walk: { at: number; target: number } | null;
  pageSize: number;
  rowAt(index: number): ExchangeSummary | undefined;
}

/**
 * The exchanges a filter matches, as a list of rows by index, newest first, built only from
 * the keyset cursor the core hands out (there is no offset). It keeps:
 *  - the cursor chain: one short string per page, so any page seen once can be
 *    reloaded, and memory for a million rows stays a few hundred KB;
 *  - a handful of loaded pages near what is on screen (the rest are dropped);
 *  - `head`: live rows that arrived after page 0 was read, shown above it.
 * Reaching a page whose cursor is unknown walks the chain from the last known
 * cursor, a page at a time, keeping only the cursors.
 */
export class ExchangeWindow {
  head: ExchangeSummary[] = [];
  private pages = new Map<number, ExchangeSummary[]>();
  private cursors: (string | null | undefined)[] = [null];
  /** Index of the last page, once a page answered without a next cursor. */
  private lastPage: number | null = null;
  private loading = false;
  /** The re-read of page 0 under way, if any (a reset forgets it). */
  private reanchoring: object | null = null;
  private wanted: [number, number] = [0, 0];
  /** Changes with every new cursor chain (a reset, a re-read of page 0): page answers for an older one are dropped. */
  private generation = 0;
  private resets = 0;
  /** Changes on every reset: an answer asked for before it belongs to rows no longer shown. */
  get epoch(): number {
    return this.resets;
  }
  /** False until the first filter is applied: rows asked for before that would be read twice. */
  private active = false;
  /** Rows the core counted for the filter (facets); null until known. */
  total: number | null = null;
  error: string | null = null;
  /** The page the cursor walk is on and the page it is heading for, while walking. */
  walk: { at: number; target: number } | null = null;
  firstPageLoaded = false;
  private firstPageWaiters: (() => void)[] = [];
  /** Live changes a page under way may predate (see LateChanges). */
  private readonly late = new LateChanges();

  constructor(
    private readonly fetchPage: FetchPage,
    private readonly onChange: WindowListener,
    public pageSize = PAGE_SIZE,
  ) {}

  /** A picture of the rows now; later changes never alter it (rows and pages are replaced, not edited). */
  view(): RowsView {
    const head = this.head;
    const pages = new Map(this.pages);
    const size = this.pageSize;
    return {
      count: this.count,
      firstPageLoaded: this.firstPageLoaded,
      error: this.error,
      walk: this.walk,
      pageSize: size,
      rowAt(index) {
        if (index < head.length) return head[index];
        const j = index - head.length;
        return pages.get(Math.floor(j / size))?.[j % size];
      },
    };
  }

  /** Number of rows the table shows: the exact length once known, else the count, else what is loaded. */
  get count(): number {
    if (this.lastPage !== null) {
      const last = this.pages.get(this.lastPage);
      if (last) return this.head.length + this.lastPage * this.pageSize + last.length;
    }
    if (this.total !== null) return this.head.length + this.total;
    const first = this.pages.get(0);
    return this.head.length + (first?.length ?? 0);
  }

  rowAt(index: number): ExchangeSummary | undefined {
    if (index < this.head.length) return this.head[index];
    const j = index - this.head.length;
    return this.pages.get(Math.floor(j / this.pageSize))?.[j % this.pageSize];
  }

  indexOf(id: string): number {
    const h = this.head.findIndex((r) => r.id === id);
    if (h >= 0) return h;
    for (const [k, rows] of this.pages) {
      const i = rows.findIndex((r) => r.id === id);
      if (i >= 0) return this.head.length + k * this.pageSize + i;
    }
    return -1;
  }

  /** Forget everything (a new filter, maybe with another page size); the next `show` loads page 0. */
  reset(pageSize = this.pageSize): void {
    this.pageSize = pageSize;
    this.active = true;
    this.generation++;
    this.resets++;
    this.head = [];
    this.pages.clear();
    this.cursors = [null];
    this.lastPage = null;
    this.total = null;
    this.error = null;
    this.walk = null;
    this.loading = false;
    this.reanchoring = null;
    this.firstPageLoaded = false;
  }

  /**
   * Resolves once a page 0 answers (or fails), for this filter or the next
   * one: slower reads such as facet counts wait for it so they
   * never hold up the first rows on the single-threaded core.
   */
  whenFirstPage(): Promise<void> {
    if (this.firstPageLoaded || this.error) return Promise.resolve();
    return new Promise((resolve) => this.firstPageWaiters.push(resolve));
  }

  private settleFirstPage(): void {
    for (const w of this.firstPageWaiters.splice(0)) w();
  }

  /** The rows on screen changed; load what they need (one request at a time, newest need first). */
  show(start: number, end: number): void {
    this.wanted = [start, end];
    void this.pump();
  }

  /**
   * The oldest time a live row may have and still go on top: an older one
   * (a retry of a delivery far down) belongs among the rows read by page, where
   * a page read finds it.
   */
  floorTime(): string | null {
    return (this.head[this.head.length - 1] ?? this.pages.get(0)?.[0])?.time ?? null;
  }

  /**
   * Live rows into the rows on top, in time order (events do not arrive in
   * quite that order when many deliveries run at once); known ids and rows
   * older than `floorTime` are left out. Returns how many went in.
   */
  addLive(rows: ExchangeSummary[]): number {
    const floor = this.floorTime();
    const fresh = this.unknown(rows)
      .filter((r) => floor === null || r.time >= floor)
      .sort(newestFirst);
    if (!fresh.length) return 0;
    for (const r of fresh) this.late.note(r.id, r);
    const head = this.head;
    const merged: ExchangeSummary[] = [];
    let i = 0;
    let j = 0;
    while (i < fresh.length && j < head.length) merged.push(fresh[i]!.time > head[j]!.time ? fresh[i++]! : head[j++]!);
    while (i < fresh.length) merged.push(fresh[i++]!);
    while (j < head.length) merged.push(head[j++]!);
    this.head = merged;
    this.onChange();
    return fresh.length;
  }

  /** The rows whose ids are not among the newest the window holds (live rows and page 0), each id once. */
  unknown(rows: ExchangeSummary[]): ExchangeSummary[] {
    if (!rows.length) return rows;
    const known = new Set(this.head.map((r) => r.id));
    for (const r of this.pages.get(0) ?? []) known.add(r.id);
    return rows.filter((r) => !known.has(r.id) && (known.add(r.id), true));
  }

  /** More live rows on top than the window keeps: time to re-read page 0 (see `reanchor`). */
  get headFull(): boolean {
    return this.head.length > MAX_HEAD;
  }

  /**
   * Reads page 0 again from the top and makes it the start of a new cursor
   * chain, without blanking the list: the rows on top stay where they are (the
   * live rows the new page holds now come from it), only live rows newer than
   * it stay in `head`, and pages of the old chain are dropped. For a list that
   * follows the newest rows, so its memory stays bounded however fast rows come.
   * `uncounted`: rows inside the core's count that were neither on top nor in the chain (they waited unshown).
   */
  async reanchor(uncounted = 0): Promise<void> {
    if (this.reanchoring || !this.active || !this.firstPageLoaded) return;
    const mine = {};
    this.reanchoring = mine;
    const gen = this.generation;
    try {
      const result = await this.read(null, this.pageSize);
      if (gen !== this.generation || !result.ok) return;
      const { items, nextCursor } = result.value;
      const inPage = new Set(items.map((r) => r.id));
      // live rows newer than the page: those above the first one it holds (by time if it holds none)
      const cut = this.head.findIndex((r) => inPage.has(r.id));
      const newer =
        cut >= 0
          ? this.head.slice(0, cut)
          : this.head.filter((r) => !items.length || (r.time >= items[0]!.time && !inPage.has(r.id)));
      // the user went down the list meanwhile, past what the new chain holds: keep the rows they read (the head waits)
      if (this.wanted[1] >= newer.length + items.length) return;
      const before = this.head.length;
      if (this.total !== null) this.total += before - newer.length + uncounted;
      this.generation++; // answers for pages of the old chain are not this chain's
      this.head = newer;
      this.pages = new Map([[0, items]]);
      this.cursors = [null];
      if (nextCursor) this.cursors[1] = nextCursor;
      this.lastPage = nextCursor ? null : 0;
      this.walk = null;
      this.loading = false;
      this.onChange();
      void this.pump();
    } finally {
      if (this.reanchoring === mine) this.reanchoring = null;
    }
  }

  /**
   * The core's count for the filter. Live rows already in `head` when the
   * count was asked for are inside it, and `count` adds `head` itself.
   */
  setTotal(total: number, headWhenAsked: number): void {
    this.total = Math.max(0, total - headWhenAsked);
    this.onChange();
  }

  /** Newest known time: to ask the core only for what came after, and to tell a new row from an old one. */
  newestTime(): string | null {
    return (this.head[0] ?? this.pages.get(0)?.[0])?.time ?? null;
  }

  /**
   * Known rows changed (a retry finished, a replay of one went through):
   * each is replaced where it is, in one pass over what is loaded. Returns the
   * ids it found; the others are not in the window.
   */
  patch(changes: Map<string, Partial<ExchangeSummary>>): Set<string> {
    const found = new Set<string>();
    if (!changes.size) return found;
    // rows not loaded too: a page under way may bring them in their older state
    for (const [id, change] of changes) this.late.note(id, change);
    const apply = (rows: ExchangeSummary[]): ExchangeSummary[] | null => {
      let out: ExchangeSummary[] | null = null;
      for (let i = 0; i < rows.length; i++) {
        const change = changes.get(rows[i]!.id);
        if (!change) continue;
        found.add(rows[i]!.id);
        out ??= rows.slice();
        out[i] = { ...rows[i]!, ...change };
      }
      return out;
    };
    const head = apply(this.head);
    if (head) this.head = head;
    for (const [k, rows] of this.pages) {
      const next = apply(rows);
      if (next) this.pages.set(k, next);
    }
    if (found.size) this.onChange();
    return found;
  }

  /** One page from the core, with the live changes that came while it was read laid over its rows. */
  private async read(cursor: string | null, limit: number): Promise<Result<ExchangePage>> {
    const token = this.late.begin();
    try {
      const result = await this.fetchPage(cursor, limit);
      if (!result.ok) return result;
      const items = this.late.overlay(token, result.value.items);
      return items === result.value.items ? result : ok({ ...result.value, items });
    } finally {
      this.late.end(token);
    }
  }

  private pagesWanted(): number[] {
    const [start, end] = this.wanted;
    const h = this.head.length;
    const first = Math.max(0, Math.floor((start - h) / this.pageSize) - 1);
    const last = Math.max(0, Math.floor((Math.max(start, end) - h) / this.pageSize) + 1);
    const list: number[] = [];
    for (let k = first; k <= last; k++) if (this.lastPage === null || k <= this.lastPage) list.push(k);
    return list;
  }

  private highestKnownCursor(below: number): number {
    for (let k = Math.min(below, this.cursors.length - 1); k >= 0; k--) if (this.cursors[k] !== undefined) return k;
    return 0;
  }

  private async pump(): Promise<void> {
    if (this.loading || !this.active) return;
    this.loading = true;
    const gen = this.generation;
    try {
      for (;;) {
        const missing = this.pagesWanted().filter((k) => !this.pages.has(k));
        if (!missing.length) break;
        // a page we can read directly, else one step of the walk towards the first missing page
        const direct = missing.find((k) => this.cursors[k] !== undefined);
        const k = direct ?? this.highestKnownCursor(missing[0]!);
        this.walk = direct === undefined ? { at: k, target: missing[0]! } : null;
        const result = await this.read(this.cursors[k]!, this.pageSize);
        if (gen !== this.generation) return;
        if (!result.ok) {
          this.error = result.error.message;
          this.walk = null;
          this.settleFirstPage();
          this.onChange();
          return;
        }
        this.error = null;
        const { items, nextCursor } = result.value;
        this.pages.set(k, items);
        if (k === 0) this.firstPageLoaded = true;
        if (k === 0) this.settleFirstPage();
        if (nextCursor) this.cursors[k + 1] = nextCursor;
        else this.lastPage = k;
        this.evict();
        this.onChange();
        if (this.lastPage !== null && missing.every((m) => m > this.lastPage!)) break;
      }
    } finally {
      if (gen === this.generation) {
        this.loading = false;
        if (this.walk) {
          this.walk = null;
          this.onChange();
        }
      }
    }
  }

  /** Keeps memory bounded: only the pages nearest the rows on screen stay. */
  private evict(): void {
    if (this.pages.size <= KEEP_PAGES) return;
    const center = Math.floor((this.wanted[0] - this.head.length) / this.pageSize);
    const far = [...this.pages.keys()].sort((a, b) => Math.abs(b - center) - Math.abs(a - center));
    for (const k of far.slice(0, this.pages.size - KEEP_PAGES)) this.pages.delete(k);
  }

  /** For the bench and tests: how many rows are held in memory. */
  get loadedRows(): number {
    let n = this.head.length;
    for (const rows of this.pages.values()) n += rows.length;
    return n;
  }
}
