import { Writable } from 'node:stream';
import { type ErrorCode, errorStatus } from '@parley/contracts';
import Fastify, { type FastifyBaseLogger } from 'fastify';
import pino from 'pino';
import { expect, it } from 'vitest';
import { BlobMissingError } from '../blobs/blob-store';
import { AppError } from '../errors';
import { registerErrorHandler } from './error-handler';

it('a missing blob answers a plain 500 and logs its cause as the message', async () => {
  const lines: { msg: string; level: number }[] = [];
  const sink = new Writable({
    write(chunk, _encoding, done) {
      lines.push(JSON.parse(String(chunk)));
      done();
    },
  });
  const app = Fastify({ loggerInstance: pino({ level: 'info' }, sink) as unknown as FastifyBaseLogger });
  registerErrorHandler(app);
  const cause = new BlobMissingError(
    'sha256/ab/cd/abcd (file /srv/a)',
    'Every node must share one DATA_DIR.',
  );
  app.get('/x', async () => {
    throw cause;
  });
  const res = await app.inject({ method: 'GET', url: '/x' });
  expect(res.statusCode).toBe(500);
  expect(res.json().error.code).toBe('internal_error');
  expect(res.body).not.toContain('/srv/a');
  expect(lines.filter((l) => l.level >= 50).map((l) => l.msg)).toEqual([cause.message]);
  await app.close();
});

it('answers every error code of contracts/src/errors.ts with its status, code and message', async () => {
  const app = Fastify();
  registerErrorHandler(app);
  app.get('/:code', async (request) => {
    const { code } = request.params as { code: ErrorCode };
    throw new AppError(code, `the ${code} message`);
  });
  const codes = Object.keys(errorStatus) as ErrorCode[];
  expect(codes).toContain('rate_limited');
  for (const code of codes) {
    const res = await app.inject({ method: 'GET', url: `/${code}` });
    expect({ code, status: res.statusCode }).toEqual({ code, status: errorStatus[code] });
    expect(res.statusCode).toBeGreaterThanOrEqual(400);
    expect(res.json()).toEqual({ error: { code, message: `the ${code} message` } });
  }
  await app.close();
});
