/**
 * Issue #19 item 5: 200 downloads of a 22-byte file logged 138 error lines (ERR_HTTP_HEADERS_SENT,
 * FST_ERR_REP_INVALID_PAYLOAD_TYPE): when a client went away before the file's stream had finished,
 * the route wrapper sent again (and handed Fastify the reply object as a payload). Over real
 * sockets, as browsers and load generators download; the log guard fails a test on any error line.
 */
import net from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createMatter, uploadFiles } from './files-helpers';
import { createTestEnv, type SeededStaff, seedFirm, type TestEnv } from './helpers';
import { expectErrorLogs } from './support/error-logs';

let env: TestEnv;
let admin: SeededStaff;
let base: string;

beforeAll(async () => {
  env = await createTestEnv();
  admin = (await seedFirm(env.deps)).admin;
  base = await env.app.listen({ port: 0, host: '127.0.0.1' });
});
afterAll(() => env.close());

describe('downloads', () => {
  it('200 downloads of a 22-byte file: every one whole, no error logged', async () => {
    const content = '22 bytes of a document';
    expect(Buffer.byteLength(content)).toBe(22);
    const matter = await createMatter(env.app, admin);
    const doc = (await uploadFiles(env.app, admin, matter.id, [{ name: 'small.txt', content }])).json()
      .items[0];
    const url = `${base}/api/v1/documents/${doc.id}/content`;
    const headers = { authorization: `Bearer ${admin.token}` };
    const bodies: string[] = [];
    for (let round = 0; round < 4; round++) {
      const answers = await Promise.all(
        Array.from({ length: 50 }, async () => {
          const res = await fetch(url, { headers });
          return `${res.status} ${await res.text()}`;
        }),
      );
      bodies.push(...answers);
      const ranged = await fetch(url, { headers: { ...headers, range: 'bytes=3-7' } });
      expect(`${ranged.status} ${await ranged.text()}`).toBe('206 bytes');
    }
    expect(bodies).toEqual(Array.from({ length: 200 }, () => `200 ${content}`));
    // Any error line fails this test (test/support/log-guard.ts).
  });

  it('clients that go away mid-download (staff and portal routes share the wrapper): no error logged', async () => {
    const matter = await createMatter(env.app, admin);
    const big = Buffer.alloc(8 * 1024 * 1024, 97);
    const doc = (await uploadFiles(env.app, admin, matter.id, [{ name: 'big.bin', content: big }])).json()
      .items[0];
    const { port } = new URL(base);
    const request = `GET /api/v1/documents/${doc.id}/content HTTP/1.1\r\nHost: parley.test\r\nAuthorization: Bearer ${admin.token}\r\n\r\n`;
    const firstBytes = await Promise.all(
      Array.from(
        { length: 30 },
        () =>
          new Promise<string>((resolve, reject) => {
            const socket = net.connect(Number(port), '127.0.0.1', () => socket.write(request));
            socket.once('data', (chunk) => {
              socket.destroy(); // gone after the first bytes, the stream still in flight
              resolve(chunk.toString('latin1').split('\r\n')[0]!);
            });
            socket.once('error', reject);
          }),
      ),
    );
    expect(new Set(firstBytes)).toEqual(new Set(['HTTP/1.1 200 OK']));
    // The server notices the closed sockets a moment later; then the log must still be clean.
    await new Promise((resolve) => setTimeout(resolve, 500));
    const after = await fetch(`${base}/api/v1/documents/${doc.id}/content`, {
      headers: { authorization: `Bearer ${admin.token}`, range: 'bytes=0-3' },
    });
    expect(await after.text()).toBe('aaaa');
  });

  it('the guard sees error lines: a test that expects one declares it', async () => {
    const logged = expectErrorLogs(/^deliberate$/);
    env.deps.log.error({ err: new Error('on purpose') }, 'deliberate');
    expect(logged()).toHaveLength(1);
    expect(logged()[0]!.err).toBe('on purpose');
  });
});
