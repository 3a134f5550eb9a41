import { samplePayload } from '../../../shared/catalog';
import type { CheckExchange } from '../../../shared/model/check';
import type { NegativeOptions } from '../../../shared/model/subscription';
import type { HeaderList } from '../../../shared/model/exchange';
import { bodyPreview } from '../signing/bytes';
import { newMessageId } from '../signing';
import type { Clock } from '../clock';
import type { HttpSender } from '../engine/http-sender';
import type { SigningMaterial } from '../engine/negative-tests';
import { buildRequest, type BuiltRequest, type TargetSpec } from '../engine/request-builder';
import { maskCredentials } from './mutations';

/** How one check's request differs from a correct delivery. */
export interface Variation {
  negative?: NegativeOptions;
  /** Other signing material (a rotation: an old secret beside the real one). */
  material?: SigningMaterial;
  /** A change after signing that buildRequest's negative options do not cover. */
  mutate?: (req: BuiltRequest) => BuiltRequest;
  /** The message id; the same one twice makes a duplicate. */
  id?: string;
}

const PREVIEW = 240;

/** One check run against one target: signs, sends and records every request. */
export class CheckRun {
  /** The overall deadline: the timeout plus some grace, so a slow answer is still seen (and judged late). */
  readonly deadlineMs: number;

  constructor(
    readonly target: TargetSpec,
    readonly events: string[],
    readonly timeoutMs: number,
    readonly burstSize: number,
    private readonly sender: HttpSender,
    private readonly clock: Clock,
  ) {
    this.deadlineMs = timeoutMs + Math.min(timeoutMs, 5_000);
  }

  get profile() {
    return this.target.profile;
  }

  /** A sample body, seeded so repeated samples differ; `secondsAgo` moves its own timestamps back. */
  sample(event: string, seed = 1, secondsAgo = 0): string {
    return samplePayload(this.profile, event, { seed, baseTime: this.clock.now() - secondsAgo * 1000 }).body;
  }

  async send(label: string, event: string, body: string, v: Variation = {}): Promise<CheckExchange> {
    const target = v.material ? { ...this.target, material: v.material } : this.target;
    let built = await buildRequest(
      target,
      { id: v.id ?? newMessageId(), event, body: Buffer.from(body, 'utf8') },
      this.clock.now(),
      v.negative,
    );
    if (v.mutate) built = v.mutate(built);
    const r = await this.sender.send({
      url: target.url,
      headers: built.headers,
      body: built.body,
      connectTimeoutMs: target.connectTimeoutMs,
      deadlineMs: this.deadlineMs,
      caCertificatePem: target.caCertificatePem,
    });
    return this.exchange(label, 'POST', built.loggedHeaders, built.body, r);
  }

  /** A GET with extra headers (Okta's one-time verification request). */
  async get(label: string, headers: HeaderList): Promise<CheckExchange & { body: string }> {
    const all: HeaderList = [...Object.entries(this.target.headers), ...headers];
    const r = await this.sender.send({
      method: 'GET',
      url: this.target.url,
      headers: all,
      body: new Uint8Array(),
      connectTimeoutMs: this.target.connectTimeoutMs,
      deadlineMs: this.deadlineMs,
      caCertificatePem: this.target.caCertificatePem,
    });
    const text = r.response ? Buffer.from(r.response.body).toString('utf8') : '';
    return { ...this.exchange(label, 'GET', all, new Uint8Array(), r), body: text };
  }

  private exchange(
    label: string,
    method: 'POST' | 'GET',
    headers: HeaderList,
    body: Uint8Array,
    r: Awaited<ReturnType<HttpSender['send']>>,
  ): CheckExchange {
    const response = r.response ? Buffer.from(r.response.body).toString('utf8') : '';
    return {
      label,
      method,
      url: this.target.url,
      headers: maskCredentials(headers),
      bodyBytes: body.length,
      bodyPreview: bodyPreview(body, PREVIEW),
      status: r.response?.status ?? null,
      durationMs: r.timings.totalMs,
      error: r.error,
      responsePreview: response.length > PREVIEW ? `${response.slice(0, PREVIEW)}…` : response,
    };
  }
}
