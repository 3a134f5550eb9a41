import type { IncomingMessage, ServerResponse } from 'node:http';
import type { Core } from '../core/index';

const READY_TIMEOUT_MS = 3_000;

function answer(res: ServerResponse, status: number, word: string, head: boolean): void {
  res.writeHead(status, { 'Content-Type': 'application/json', 'Cache-Control': 'no-store' });
  res.end(head ? undefined : JSON.stringify({ status: word }));
}

/**
 * /healthz (liveness: the process answers) and /readyz (readiness: the core
 * runs and its storage answers with this build's schema — team mode: the
 * database is reachable and migrated) for a load balancer or an orchestrator.
 * Unauthenticated and taken from any Host (a probe addresses the node however
 * it reaches it), so they say one word and nothing else; why a node is not
 * ready goes to its log.
 */
export async function healthRoute(
  core: Core,
  req: IncomingMessage,
  res: ServerResponse,
  path: string,
): Promise<boolean> {
  if (path !== '/healthz' && path !== '/readyz') return false;
  const head = req.method === 'HEAD';
  if (req.method !== 'GET' && !head) {
    res.writeHead(405, { Allow: 'GET, HEAD' }).end();
    return true;
  }
  if (path === '/healthz') {
    answer(res, 200, 'ok', head);
    return true;
  }
  let timer: NodeJS.Timeout | undefined;
  const ready = await Promise.race([
    core.ready(),
    new Promise<boolean>((resolve) => (timer = setTimeout(() => resolve(false), READY_TIMEOUT_MS))),
  ]);
  clearTimeout(timer);
  answer(res, ready ? 200 : 503, ready ? 'ready' : 'not ready', head);
  return true;
}
