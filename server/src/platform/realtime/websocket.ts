import websocket from '@fastify/websocket';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { Deps } from '../../deps';
import { AppError } from '../errors';
import { API_PREFIX, type Authenticated, originRefused, readCredential } from '../http/route';

/** Who may open a socket: a `?token=`, a bearer header, or the staff / portal session cookie. */
async function authenticateSocket(deps: Deps, request: FastifyRequest): Promise<Authenticated> {
  const query = request.query as Record<string, unknown>;
  const queryToken = typeof query.token === 'string' ? query.token : undefined;
  const candidates: { token: string; kinds: ('staff' | 'portal')[]; viaCookie: boolean }[] = [];
  if (queryToken) candidates.push({ token: queryToken, kinds: ['staff', 'portal'], viaCookie: false });
  for (const kind of ['staff', 'portal'] as const) {
    const credential = readCredential(request, kind);
    if (credential)
      candidates.push({ token: credential.token, kinds: [kind], viaCookie: credential.viaCookie });
  }
  for (const candidate of candidates) {
    for (const kind of candidate.kinds) {
      const actor = await deps.authenticate(candidate.token, kind);
      if (!actor) continue;
      // Cross-site WebSocket hijacking: a cookie-authenticated socket must come from our own origin.
      if (candidate.viaCookie && !deps.config.allowedOrigins.includes(request.headers.origin ?? '')) {
        throw originRefused(deps.config, request.headers.origin, 'connection');
      }
      return actor;
    }
  }
  throw new AppError('unauthenticated', 'Please sign in.');
}

/**
 * `GET /api/v1/realtime` (API.md "Realtime"): authenticate before the upgrade (401 otherwise), then
 * register the socket with the hub. The server only pushes; what a client sends is ignored.
 */
export async function registerRealtimeRoute(app: FastifyInstance, deps: Deps): Promise<void> {
  await app.register(websocket, { options: { maxPayload: 4096 } });
  await deps.realtime.start();
  const actors = new WeakMap<FastifyRequest, Authenticated>();
  app.get(
    `${API_PREFIX}/realtime`,
    {
      websocket: true,
      preValidation: async (request) => {
        actors.set(request, await authenticateSocket(deps, request));
      },
    },
    (socket, request) => {
      const actor = actors.get(request)!;
      const connection = deps.realtime.add(
        {
          type: actor.type,
          id: actor.id,
          sessionId: actor.sessionId,
          firmId: actor.type === 'staff' ? actor.firmId : null,
        },
        {
          send: (text) => {
            if (socket.readyState === socket.OPEN) socket.send(text, { binary: false });
          },
          // The TCP socket is corked across the frames: one write for all of them, not one each.
          sendMany: (texts) => {
            if (socket.readyState !== socket.OPEN) return;
            const tcp = (socket as unknown as { _socket?: import('node:net').Socket })._socket;
            tcp?.cork();
            for (const text of texts) socket.send(text, { binary: false });
            tcp?.uncork();
          },
          close: (code, reason) => socket.close(code, reason),
          buffered: () => socket.bufferedAmount,
        },
      );
      socket.on('close', () => deps.realtime.remove(connection));
      socket.on('error', () => deps.realtime.remove(connection));
      socket.send(JSON.stringify({ type: 'ready' }));
    },
  );
  app.addHook('onClose', async () => {
    await deps.realtime.close();
  });
}
