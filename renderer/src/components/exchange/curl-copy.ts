import { toCurl } from '../../../../shared/export/curl';
import { AD_HOC, type BodyView, type ExchangeDetail, type HeaderList } from '../../../../shared/model/exchange';
import { isProfileId, type ProfileId } from '../../../../shared/model/signing';
import { bridge } from '../../bridge/bridge';
import { isVerifyResult } from './verification';

/** What re-signing an exchange needs, or why it cannot be re-signed. */
export type ResignPlan =
  | {
      ok: true;
      profile: ProfileId;
      using: { subscriptionId: string } | { inboxId: string };
      body: BodyView;
      messageId: string | null;
      event: string | null;
    }
  | { ok: false; why: string };

export function resignPlan(d: ExchangeDetail): ResignPlan {
  if (d.kind === 'delivery') {
    const dl = d.delivery;
    if (!dl.profile || !isProfileId(dl.profile)) return { ok: false, why: 'It was sent unsigned.' };
    if (dl.subscriptionId === AD_HOC || !dl.subscriptionId)
      return { ok: false, why: 'It went to an ad-hoc URL, whose secret Hookbench never stores.' };
    if (dl.request.body.truncated) return { ok: false, why: 'Its body was stored truncated.' };
    return {
      ok: true,
      profile: dl.profile,
      using: { subscriptionId: dl.subscriptionId },
      body: dl.request.body,
      messageId: dl.eventId,
      event: dl.eventType,
    };
  }
  const c = d.capture;
  const v = c.verification;
  if (!isVerifyResult(v)) return { ok: false, why: 'Its inbox does not verify signatures, so it keeps no secret.' };
  if (c.body.truncated) return { ok: false, why: 'Its body was stored truncated.' };
  return {
    ok: true,
    profile: v.profile,
    using: { inboxId: c.inboxId },
    body: c.body,
    messageId: c.eventId,
    event: c.eventType,
  };
}

/** The request's headers with the freshly signed ones in place of the old (names compared case-insensitively). */
export function withHeaders(headers: HeaderList, signed: Record<string, string>): HeaderList {
  const fresh = new Map(Object.entries(signed).map(([n, v]) => [n.toLowerCase(), [n, v] as [string, string]]));
  const out: HeaderList = headers.map(([n, v]) => {
    const hit = fresh.get(n.toLowerCase());
    if (!hit) return [n, v];
    fresh.delete(n.toLowerCase());
    return [n, hit[1]];
  });
  return [...out, ...fresh.values()];
}

/**
 * The same request signed now with the secret the core keeps for its
 * subscription (or inbox): accepted by a receiver for its whole tolerance
 * again. Resolves to the curl, or to why it could not be made.
 */
export async function resignedCurl(
  d: ExchangeDetail,
  receiverBase: string | undefined,
): Promise<{ ok: true; curl: string } | { ok: false; message: string }> {
  const plan = resignPlan(d);
  if (!plan.ok) return { ok: false, message: plan.why };
  const signed = await bridge().call('sign', {
    provider: plan.profile,
    secrets: [],
    body: plan.body.isText ? (plan.body.text ?? '') : (plan.body.base64 ?? ''),
    bodyEncoding: plan.body.isText ? 'utf8' : 'base64',
    ...(plan.messageId ? { id: plan.messageId } : {}),
    ...(plan.event ? { event: plan.event } : {}),
    using: plan.using,
  });
  if (!signed.ok) return { ok: false, message: signed.error.message };
  if (d.kind === 'delivery') {
    const r = d.delivery.request;
    return {
      ok: true,
      curl: toCurl({
        method: r.method,
        url: d.delivery.targetUrl,
        headers: withHeaders(r.headers, signed.value.headers),
        body: r.body,
      }),
    };
  }
  const c = d.capture;
  const query = c.query ? `?${c.query.replace(/^\?/, '')}` : '';
  return {
    ok: true,
    curl: toCurl({
      method: c.method,
      url: `${receiverBase ?? 'http://localhost:3000'}${c.path}${query}`,
      headers: withHeaders(c.headers, signed.value.headers),
      body: c.body,
    }),
  };
}
