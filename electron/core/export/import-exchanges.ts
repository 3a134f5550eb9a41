import type { BodyInput, BodyView, ExchangeDetail } from '../../../shared/model/exchange';
import { exchangeId } from '../../../shared/export/exchange-file';
import type { ExchangeStore } from '../store/port';

/** Back to the bytes the log stores: text stays text, base64 becomes bytes again. */
function bodyInput(view: BodyView | null | undefined): BodyInput {
  if (!view || view.size === 0) return null;
  if (view.isText) return view.text ?? '';
  return Buffer.from(view.base64 ?? '', 'base64');
}

export interface ImportOutcome {
  imported: number;
  /** Already in the log (same id): importing the same file twice changes nothing. */
  skipped: number;
}

/**
 * Writes exported exchanges into the exchange store with their ids, times,
 * outcomes and every attempt, so export → import round-trips.
 */
export async function storeImported(exchanges: ExchangeStore, details: ExchangeDetail[]): Promise<ImportOutcome> {
  let imported = 0;
  let skipped = 0;
  const seen = new Set<string>();
  const writes: Promise<void>[] = [];
  for (const e of details) {
    const id = exchangeId(e);
    if (seen.has(id) || (await exchanges.getExchange(id))) {
      skipped++;
      continue;
    }
    seen.add(id);
    if (e.kind === 'capture') {
      const c = e.capture;
      writes.push(exchanges.appendCapture({ ...c, body: bodyInput(c.body) }));
    } else {
      const d = e.delivery;
      writes.push(
        exchanges.appendDelivery({
          id: d.id,
          createdAt: d.createdAt,
          eventType: d.eventType,
          eventId: d.eventId,
          subscriptionId: d.subscriptionId,
          profile: d.profile,
          targetUrl: d.targetUrl,
          outcome: d.outcome,
          nextAttemptAt: d.nextAttemptAt,
          // exports from before replays were linked have no replayOf
          replayOf: d.replayOf ?? null,
          request: {
            method: d.request.method,
            url: d.request.url,
            headers: d.request.headers,
            body: bodyInput(d.request.body),
          },
        }),
      );
      for (const a of e.attempts) {
        writes.push(
          exchanges.appendAttempt(
            {
              ...a,
              request: { headers: a.request.headers, body: bodyInput(a.request.body) },
              response: a.response ? { ...a.response, body: bodyInput(a.response.body) } : null,
            },
            { outcome: d.outcome, lastStatus: d.lastStatus, durationMs: d.durationMs, nextAttemptAt: d.nextAttemptAt },
          ),
        );
      }
      if (e.attempts.length === 0)
        writes.push(
          exchanges.updateDelivery(d.id, {
            outcome: d.outcome,
            lastStatus: d.lastStatus,
            durationMs: d.durationMs,
            nextAttemptAt: d.nextAttemptAt,
          }),
        );
    }
    imported++;
  }
  await Promise.all(writes);
  return { imported, skipped };
}
