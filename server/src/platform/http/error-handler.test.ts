import { Writable } from 'node:stream';
import Fastify, { type FastifyBaseLogger } from 'fastify';
import pino from 'pino';
import { expect, it } from 'vitest';
import { BlobMissingError } from '../blobs/blob-store';
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
