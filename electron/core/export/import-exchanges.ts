import type { BodyInput, BodyView, ExchangeDetail } from '../../../shared/model/traffic';
import { exchangeId } from '../../../shared/export/exchange-file';
import type { TrafficStore } from '../store/traffic/traffic-store';

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
 * Writes exported exchanges into the traffic log with their ids, times,
 * outcomes and every attempt, so export → import round-trips.
 */
export async function importExchanges(traffic: TrafficStore, exchanges: ExchangeDetail[]): Promise<ImportOutcome> {
  let imported = 0;
  let skipped = 0;
  const seen = new Set<string>();
  const writes: Promise<void>[] = [];
  for (const e of exchanges) {
    const id = exchangeId(e);
    if (seen.has(id) || traffic.getExchange(id)) {
      skipped++;
      continue;
    }
    seen.add(id);
    if (e.kind === 'capture') {
      const c = e.capture;
      writes.push(traffic.appendCapture({ ...c, body: bodyInput(c.body) }));
    } else {
      const d = e.delivery;
      writes.push(
        traffic.appendDelivery({
          id: d.id,
          createdAt: d.createdAt,
          eventType: d.eventType,
          eventId: d.eventId,
          subscriptionId: d.subscriptionId,
          profile: d.profile,
          targetUrl: d.targetUrl,
          outcome: d.outcome,
          nextAttemptAt: d.nextAttemptAt,
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
          traffic.appendAttempt(
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
          traffic.updateDelivery(d.id, {
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
