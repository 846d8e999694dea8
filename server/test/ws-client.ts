import WebSocket from 'ws';

/** A test WebSocket client that records every event and waits for the ones a test expects. */
export interface EventClient {
  socket: WebSocket;
  events: Record<string, unknown>[];
  next(match: (e: Record<string, unknown>) => boolean, timeoutMs?: number): Promise<Record<string, unknown>>;
  closed: Promise<number>;
  close(): void;
}

export async function connectEvents(url: string, headers: Record<string, string> = {}): Promise<EventClient> {
  const socket = new WebSocket(url, { headers });
  const events: Record<string, unknown>[] = [];
  const waiters: {
    match: (e: Record<string, unknown>) => boolean;
    resolve: (e: Record<string, unknown>) => void;
  }[] = [];
  let closedResolve: (code: number) => void = () => {};
  const closed = new Promise<number>((resolve) => {
    closedResolve = resolve;
  });
  socket.on('close', (code) => closedResolve(code));
  socket.on('message', (data) => {
    const event = JSON.parse(String(data)) as Record<string, unknown>;
    events.push(event);
    for (const waiter of [...waiters]) {
      if (!waiter.match(event)) continue;
      waiters.splice(waiters.indexOf(waiter), 1);
      waiter.resolve(event);
    }
  });
  await new Promise<void>((resolve, reject) => {
    socket.once('error', reject);
    socket.once('unexpected-response', (_req, res) => reject(new Error(`HTTP ${res.statusCode}`)));
    socket.once('message', () => resolve()); // the `ready` event: registered with the hub
  });
  return {
    socket,
    events,
    closed,
    close: () => socket.close(),
    next(match, timeoutMs = 5000) {
      const seen = events.find(match);
      if (seen) {
        events.splice(events.indexOf(seen), 1);
        return Promise.resolve(seen);
      }
      return new Promise((resolve, reject) => {
        const timer = setTimeout(() => reject(new Error('timed out waiting for an event')), timeoutMs);
        waiters.push({
          match,
          resolve: (e) => {
            clearTimeout(timer);
            events.splice(events.indexOf(e), 1);
            resolve(e);
          },
        });
      });
    },
  };
}

export const isMessage = (body: string) => (e: Record<string, unknown>) =>
  e.type === 'message.created' && (e.message as { body?: string }).body === body;
