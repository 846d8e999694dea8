/**
 * How the built web app is served (#13 item 11): a hashed file under /assets/ is cached for a year
 * as immutable and answered with the brotli or gzip copy beside it when the browser accepts that
 * encoding (its decoded bytes are the file's); everything else is revalidated (`no-cache`); each
 * app's page preloads that app's chunks (from the build's manifest). The dist
 * folder here is made by the test the way `web/precompress.ts` makes it; e2e/bundle.e2e.ts checks
 * the real build.
 */
import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import zlib from 'node:zlib';
import Fastify, { type FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { registerWebApp } from '../src/platform/http/web-app';

const YEAR_IMMUTABLE = 'public, max-age=31536000, immutable';
const script = Buffer.from(
  Array.from({ length: 400 }, (_, i) => `export const line${i} = "the portal's script, line ${i}";`).join(
    '\n',
  ),
);
const style = Buffer.from(Array.from({ length: 100 }, (_, i) => `.row-${i} { padding: ${i}px; }`).join('\n'));

let dir: string;
let app: FastifyInstance;

beforeAll(async () => {
  dir = await fs.mkdtemp(path.join(os.tmpdir(), 'parley-web-dist-'));
  await fs.mkdir(path.join(dir, 'assets'));
  await fs.writeFile(
    path.join(dir, 'index.html'),
    '<!doctype html><html><head><title>Parley</title></head><body><div id="root"></div></body></html>',
  );
  // The build's manifest: the entry, and two lazily loaded apps sharing a chunk (no quick-reply app).
  await fs.mkdir(path.join(dir, '.vite'));
  const manifest = {
    'index.html': { file: 'assets/index-Ab12Cd34.js', isEntry: true },
    '_shared-Yy11.js': { file: 'assets/shared-Yy11.js', imports: ['index.html'] },
    'src/portal/PortalApp.tsx': {
      file: 'assets/PortalApp-Pp22.js',
      imports: ['index.html', '_shared-Yy11.js'],
      css: ['assets/PortalApp-Cc33.css'],
    },
    'src/staff/StaffApp.tsx': { file: 'assets/StaffApp-Ss44.js', imports: ['index.html', '_shared-Yy11.js'] },
  };
  await fs.writeFile(path.join(dir, '.vite', 'manifest.json'), JSON.stringify(manifest));
  await fs.writeFile(path.join(dir, 'favicon.svg'), '<svg xmlns="http://www.w3.org/2000/svg"/>');
  const js = path.join(dir, 'assets', 'index-Ab12Cd34.js');
  await fs.writeFile(js, script);
  await fs.writeFile(`${js}.br`, zlib.brotliCompressSync(script));
  await fs.writeFile(`${js}.gz`, zlib.gzipSync(script));
  // A file the build left uncompressed (below its size floor, or a source map).
  await fs.writeFile(path.join(dir, 'assets', 'index-Ef56Gh78.css'), style);
  app = Fastify();
  await registerWebApp(app, dir);
  await app.ready();
});
afterAll(async () => {
  await app.close();
  await fs.rm(dir, { recursive: true, force: true });
});

const get = (url: string, acceptEncoding?: string) =>
  app.inject({ method: 'GET', url, headers: acceptEncoding ? { 'accept-encoding': acceptEncoding } : {} });

describe('hashed assets', () => {
  it('answer brotli when accepted, gzip when only that is, the file itself otherwise; cached a year, immutable', async () => {
    const cases = [
      { accept: 'gzip, deflate, br, zstd', encoding: 'br', decode: zlib.brotliDecompressSync },
      { accept: 'gzip', encoding: 'gzip', decode: zlib.gunzipSync },
      { accept: undefined, encoding: undefined, decode: (b: Buffer) => b },
    ];
    for (const c of cases) {
      const res = await get('/assets/index-Ab12Cd34.js', c.accept);
      expect(res.statusCode, c.accept).toBe(200);
      expect(res.headers['content-encoding'], c.accept).toBe(c.encoding);
      expect(res.headers['cache-control']).toBe(YEAR_IMMUTABLE);
      expect(res.headers.vary).toBe('accept-encoding');
      expect(res.headers['content-type']).toMatch(/^(text|application)\/javascript/);
      expect(res.headers['x-content-type-options']).toBe('nosniff');
      expect(Number(res.headers['content-length'])).toBe(res.rawPayload.length);
      expect(c.decode(res.rawPayload).equals(script), c.accept).toBe(true);
    }
    const br = await get('/assets/index-Ab12Cd34.js', 'br');
    expect(br.rawPayload.length).toBeLessThan(script.length / 4);
  });

  it('without a compressed copy, answer the file itself, still immutable', async () => {
    const res = await get('/assets/index-Ef56Gh78.css', 'br, gzip');
    expect(res.statusCode).toBe(200);
    expect(res.headers['content-encoding']).toBeUndefined();
    expect(res.headers['cache-control']).toBe(YEAR_IMMUTABLE);
    expect(res.headers['content-type']).toMatch(/^text\/css/);
    expect(res.rawPayload.equals(style)).toBe(true);
  });

  it('a missing asset is 404, not the app', async () => {
    const res = await get('/assets/index-Zz99Yy88.js', 'br');
    expect(res.statusCode).toBe(404);
    expect(res.headers['content-type']).not.toMatch(/html/);
  });
});

describe('everything else', () => {
  it('index.html for the app routes and files outside /assets/ are revalidated on each use', async () => {
    for (const url of ['/', '/portal', '/portal/guide', '/r/some-token', '/index.html', '/favicon.svg']) {
      const res = await get(url, 'br, gzip');
      expect(res.statusCode, url).toBe(200);
      expect(res.headers['cache-control'], url).toBe('no-cache');
      expect(res.headers['content-security-policy'], url).toContain("default-src 'self'");
    }
    const page = await get('/portal', 'br');
    expect(page.headers['content-type']).toMatch(/^text\/html/);
    expect(page.body).toContain('<div id="root">');
  });

  it("each app's page preloads the chunks that app imports at once, and no other app's", async () => {
    const preloads = async (url: string) =>
      [...(await get(url)).body.matchAll(/<link rel="(?:modulepreload|preload)"[^>]* href="([^"]+)">/g)].map(
        (m) => m[1],
      );
    for (const url of ['/portal', '/portal/guide', '/portal/conversations/1']) {
      expect(await preloads(url), url).toEqual([
        '/assets/PortalApp-Pp22.js',
        '/assets/PortalApp-Cc33.css',
        '/assets/shared-Yy11.js',
      ]);
    }
    for (const url of ['/', '/matters/1', '/portalish']) {
      expect(await preloads(url), url).toEqual(['/assets/StaffApp-Ss44.js', '/assets/shared-Yy11.js']);
    }
    // An app the manifest does not name gets the plain page.
    expect(await preloads('/r/some-token')).toEqual([]);
    expect((await get('/r/some-token')).body).toMatch(/<\/head><body><div id="root"><\/div>/);
  });
});
