import pino from 'pino';
import { afterEach, expect, it } from 'vitest';
import { CLOSE_CATCH_UP, MAX_PENDING, MAX_SOCKET_BUFFER, RealtimeHub, type Resolver } from './hub';
import { InProcessPubSub, onTheBus, POSTGRES_PAYLOAD_LIMIT, type Signal } from './pubsub';

/** The hub on its own (in-process bus, sockets as plain objects): coalescing and every bound. */
const hubs: RealtimeHub[] = [];
afterEach(async () => {
  for (const hub of hubs.splice(0)) await hub.close();
});

function socket(id: string, buffered = () => 0) {
  const frames: string[] = [];
  const closed: number[] = [];
  const s = {
    frames,
    closed,
    send: (text: Buffer) => frames.push(String(text)),
    close: (code: number) => closed.push(code),
    buffered,
  };
  return { ...s, id };
}

/** A resolver that sends every signal's `n` to every socket, held at a gate while `hold` is set. */
function gatedResolver() {
  const calls: number[][] = [];
  let release: () => void = () => {};
  let hold: Promise<void> | undefined;
  const resolver: Resolver & { calls: number[][]; hold(): void; release(): void; fail?: boolean } = {
    calls,
    hold() {
      hold = new Promise((resolve) => {
        release = resolve;
      });
    },
    release: () => {
      hold = undefined;
      release();
    },
    async resolve(signals, local) {
      calls.push(signals.map((s) => Number(s.n)));
      if (hold) await hold;
      if (resolver.fail) throw new Error('database went away');
      const everyone = [...local.people()].flatMap((p) => p.connections);
      return signals.map((s) => ({ connections: everyone, text: String(s.n) }));
    },
    async audience(_key, local) {
      return [...local.people()].flatMap((p) => p.connections);
    },
  };
  return resolver;
}

async function setup() {
  const hub = new RealtimeHub(new InProcessPubSub(), pino({ level: 'silent' }));
  hubs.push(hub);
  const resolver = gatedResolver();
  hub.on(['test'], resolver);
  await hub.start();
  const principal = (id: string) => ({ type: 'staff' as const, id, sessionId: `s-${id}`, firmId: 'f' });
  return { hub, resolver, principal };
}
const tick = () => new Promise((resolve) => setTimeout(resolve, 20));
const signal = (n: number): Signal => ({ type: 'test', conversationId: 'c1', n });

it("coalesces a conversation's signals that queue up into one resolve, in order", async () => {
  const { hub, resolver, principal } = await setup();
  const a = socket('a');
  hub.add(principal('a'), a);
  resolver.hold();
  await hub.publish(signal(1));
  await tick();
  for (let n = 2; n <= 11; n++) await hub.publish(signal(n));
  await tick();
  resolver.release();
  await tick();
  expect(resolver.calls).toEqual([[1], [2, 3, 4, 5, 6, 7, 8, 9, 10, 11]]);
  expect(a.frames).toEqual(['1', '2', '3', '4', '5', '6', '7', '8', '9', '10', '11']);
});

it('closes a socket that cannot keep up with CLOSE_CATCH_UP instead of buffering for it', async () => {
  const { hub, principal } = await setup();
  const fast = socket('fast');
  const slow = socket('slow', () => MAX_SOCKET_BUFFER + 1);
  hub.add(principal('fast'), fast);
  hub.add(principal('slow'), slow);
  await hub.publish(signal(1));
  await hub.publish(signal(2));
  await tick();
  expect(fast.frames).toEqual(['1', '2']);
  expect(slow.frames).toEqual([]);
  expect(slow.closed).toEqual([CLOSE_CATCH_UP]);
  expect(hub.size).toBe(1);
});

it("bounds a conversation's queue: past MAX_PENDING it is dropped and its audience told to catch up", async () => {
  const { hub, resolver, principal } = await setup();
  const a = socket('a');
  hub.add(principal('a'), a);
  resolver.hold();
  await hub.publish(signal(0));
  await tick();
  for (let n = 1; n <= MAX_PENDING + 1; n++) await hub.publish(signal(n));
  await tick();
  expect(a.closed).toEqual([CLOSE_CATCH_UP]);
  resolver.release();
  await tick();
  expect(resolver.calls.length).toBe(1); // what was dropped is never resolved
});

it('a resolve that fails tells its audience to catch up (nothing lost silently)', async () => {
  const { hub, resolver, principal } = await setup();
  const a = socket('a');
  hub.add(principal('a'), a);
  resolver.fail = true;
  await hub.publish(signal(1));
  await tick();
  expect(a.closed).toEqual([CLOSE_CATCH_UP]);
});

it('carries the payload on the bus when the whole signal fits, counted in UTF-8 bytes', () => {
  const base = { type: 'message.created', conversationId: 'c', messageId: 'm' };
  const small = JSON.parse(onTheBus({ ...base, payload: 'hello' }, 'node', POSTGRES_PAYLOAD_LIMIT));
  expect(small).toEqual({ ...base, payload: 'hello', origin: 'node' });
  // 3,000 characters of 3 bytes each: 9,000 bytes, over NOTIFY's limit though short in characters.
  const wide = JSON.parse(onTheBus({ ...base, payload: '€'.repeat(3000) }, 'node', POSTGRES_PAYLOAD_LIMIT));
  expect(wide).toEqual({ ...base, origin: 'node' });
});
