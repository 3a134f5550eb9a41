import type { IncomingMessage, ServerResponse } from 'node:http';
import type { EventBus } from '../core/events';

const HEARTBEAT_MS = 15_000;

/**
 * Streams every core event to one browser tab as Server-Sent Events until it
 * disconnects, or until `stillAllowed` (asked at each heartbeat) says the
 * caller's session ended.
 */
export function streamEvents(
  req: IncomingMessage,
  res: ServerResponse,
  events: EventBus,
  stillAllowed: () => Promise<boolean> = async () => true,
): void {
  res.writeHead(200, {
    'Content-Type': 'text/event-stream; charset=utf-8',
    'Cache-Control': 'no-store',
    Connection: 'keep-alive',
    'X-Accel-Buffering': 'no',
  });
  res.write(': connected\n\n');
  const unsubscribe = events.subscribe((message) => {
    res.write(`data: ${JSON.stringify(message)}\n\n`);
  });
  const heartbeat = setInterval(() => {
    stillAllowed().then(
      (allowed) => (allowed ? res.write(': ping\n\n') : res.end()),
      () => res.end(),
    );
  }, HEARTBEAT_MS);
  heartbeat.unref();
  const end = () => {
    clearInterval(heartbeat);
    unsubscribe();
  };
  req.on('close', end);
  res.on('close', end);
  res.on('error', end);
}
