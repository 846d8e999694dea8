import Fastify from 'fastify';
import { expect, it } from 'vitest';
import { z } from 'zod';
import type { Deps } from '../../deps';
import { registerErrorHandler } from './error-handler';
import { registerRoutes, route } from './route';

it('under test, an answer outside its response schema is a 500, not a silent drift', async () => {
  const app = Fastify({ logger: false });
  registerErrorHandler(app);
  const shape = z.object({ name: z.string() });
  registerRoutes(app, { routes: [] } as unknown as Deps, [
    route({
      method: 'GET',
      url: '/good',
      summary: 'x',
      tag: 't',
      auth: 'none',
      response: shape,
      handler: async () => ({ name: 'A' }),
    }),
    route({
      method: 'GET',
      url: '/bad',
      summary: 'x',
      tag: 't',
      auth: 'none',
      response: shape,
      handler: async () => ({ name: 1 }),
    }),
  ]);
  expect((await app.inject('/api/v1/good')).statusCode).toBe(200);
  const bad = await app.inject('/api/v1/bad');
  expect(bad.statusCode).toBe(500);
  expect(bad.json()).toEqual({ error: { code: 'internal_error', message: expect.any(String) } });
  await app.close();
});
