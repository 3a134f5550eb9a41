import type { IncomingMessage, ServerResponse } from 'node:http';
import type { EventBus } from '../core/events';

const HEARTBEAT_MS = 15_000;

/** Streams every core event to one browser tab as Server-Sent Events until it disconnects. */
export function streamEvents(req: IncomingMessage, res: ServerResponse, events: EventBus): void {
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
  const heartbeat = setInterval(() => res.write(': ping\n\n'), HEARTBEAT_MS);
  heartbeat.unref();
  const end = () => {
    clearInterval(heartbeat);
    unsubscribe();
  };
  req.on('close', end);
  res.on('error', end);
}
