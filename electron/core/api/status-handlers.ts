import type { AppStatus, ListeningAddress } from '../../../shared/model/status';
import type { Handlers } from './dispatch';

export interface StatusContext {
  version: string;
  dataDir: string;
  mode: AppStatus['mode'];
  startedAt: number;
  now(): number;
  listening(): ListeningAddress[];
  notices(): string[];
}

export function buildStatus(ctx: StatusContext): AppStatus {
  return {
    version: ctx.version,
    dataDir: ctx.dataDir,
    mode: ctx.mode,
    startedAt: new Date(ctx.startedAt).toISOString(),
    uptimeSeconds: Math.max(0, Math.round((ctx.now() - ctx.startedAt) / 1000)),
    listening: ctx.listening(),
    node: process.versions.node,
    platform: `${process.platform}-${process.arch}`,
    notices: ctx.notices(),
  };
}

export function statusHandlers(ctx: StatusContext): Pick<Handlers, 'getStatus'> {
  return { getStatus: () => buildStatus(ctx) };
}
