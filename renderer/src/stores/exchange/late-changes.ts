import type { ExchangeSummary } from '../../../../shared/model/exchange';

/**
 * Live changes made while page reads were under way, numbered in the order
 * they came. A page answers with rows as the core read them, which may be
 * before a change whose event was applied while the answer travelled: the
 * page's row would put the older picture back for good (a replay stuck at
 * "pending"). Each read notes where it started and lays the later changes
 * over its rows. Changes are kept only while a read that may need them is
 * under way.
 */
export class LateChanges {
  private changes = new Map<string, { n: number; change: Partial<ExchangeSummary> }>();
  private count = 0;
  /** The change number each read under way started at. */
  private reads = new Map<object, number>();

  /** A read starts: returns its token for `overlay` and `end`. */
  begin(): object {
    const token = {};
    this.reads.set(token, this.count);
    return token;
  }

  /** A row changed live (its latest picture, or part of it). */
  note(id: string, change: Partial<ExchangeSummary>): void {
    if (!this.reads.size) return;
    const before = this.changes.get(id);
    this.changes.delete(id); // set again last: the map stays in change order
    this.changes.set(id, { n: ++this.count, change: before ? { ...before.change, ...change } : change });
  }

  /** The read's rows with what changed after it started; the same array when nothing did. */
  overlay(token: object, rows: ExchangeSummary[]): ExchangeSummary[] {
    const since = this.reads.get(token);
    if (since === undefined || !this.changes.size) return rows;
    let out: ExchangeSummary[] | null = null;
    rows.forEach((r, i) => {
      const late = this.changes.get(r.id);
      if (!late || late.n <= since) return;
      out ??= rows.slice();
      out[i] = { ...r, ...late.change };
    });
    return out ?? rows;
  }

  /** The read answered (or failed): changes no other read under way started before are let go. */
  end(token: object): void {
    this.reads.delete(token);
    const oldest = Math.min(...this.reads.values()); // Infinity when none is under way
    for (const [id, late] of this.changes) {
      if (late.n > oldest) break;
      this.changes.delete(id);
    }
  }
}
