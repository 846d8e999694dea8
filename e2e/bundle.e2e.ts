/**
 * The real build as a phone downloads it (#13 item 11): the portal's chunks hold no staff module
 * (read from the build's manifest and each chunk's source map), a browser on the portal's sign-in
 * page fetches no staff chunk and logs no console error (signed out, nothing answers 401), and
 * every script and style sheet is answered brotli-compressed and immutable for a year, its decoded
 * bytes the built file's (`npm run bench -- lighthouse` scores it).
 */
import fs from 'node:fs';
import http from 'node:http';
import path from 'node:path';
import zlib from 'node:zlib';
import { expect, it } from 'vitest';
import { phonePage } from './support/demo';
import { useJourney } from './support/journey';

const journey = useJourney('bundle');
const dist = path.resolve(import.meta.dirname, '../web/dist');

interface ManifestChunk {
  file: string;
  src?: string;
  isEntry?: boolean;
  imports?: string[];
  dynamicImports?: string[];
  css?: string[];
}
const manifest = () =>
  JSON.parse(fs.readFileSync(path.join(dist, '.vite/manifest.json'), 'utf8')) as Record<
    string,
    ManifestChunk
  >;

/** The chunks a page of this dynamic entry loads: the entry's and everything they import statically. */
function staticClosure(m: Record<string, ManifestChunk>, keys: string[]): ManifestChunk[] {
  const seen = new Set<string>();
  const visit = (key: string) => {
    if (seen.has(key)) return;
    seen.add(key);
    for (const k of m[key]?.imports ?? []) visit(k);
  };
  for (const k of keys) visit(k);
  return [...seen].map((k) => m[k]!);
}

const sourcesOf = (chunk: ManifestChunk): string[] =>
  (JSON.parse(fs.readFileSync(path.join(dist, `${chunk.file}.map`), 'utf8')) as { sources: string[] })
    .sources;

/** GET without decoding: status, headers and the bytes as sent. */
function rawGet(url: string, acceptEncoding: string) {
  return new Promise<{ status: number; headers: http.IncomingHttpHeaders; body: Buffer }>(
    (resolve, reject) => {
      http
        .get(url, { headers: { 'accept-encoding': acceptEncoding } }, (res) => {
          const parts: Buffer[] = [];
          res.on('data', (d: Buffer) => parts.push(d));
          res.on('end', () =>
            resolve({ status: res.statusCode!, headers: res.headers, body: Buffer.concat(parts) }),
          );
        })
        .on('error', reject);
    },
  );
}

it('a portal page loads no staff module, and a browser on it fetches no staff chunk', async () => {
  const m = manifest();
  const entry = Object.keys(m).find((k) => m[k]!.isEntry)!;
  expect(m[entry]!.dynamicImports).toEqual(
    expect.arrayContaining(['src/portal/PortalApp.tsx', 'src/staff/StaffApp.tsx']),
  );
  const portal = staticClosure(m, [entry, 'src/portal/PortalApp.tsx']);
  const staffFile = m['src/staff/StaffApp.tsx']!.file;
  expect(portal.map((c) => c.file)).not.toContain(staffFile);
  const portalSources = portal.flatMap(sourcesOf);
  expect(portalSources.some((s) => s.includes('/src/portal/'))).toBe(true);
  expect(portalSources.filter((s) => s.includes('/src/staff/'))).toEqual([]);
  // And the other way round: the staff app carries no portal page.
  const staff = staticClosure(m, [entry, 'src/staff/StaffApp.tsx']).flatMap(sourcesOf);
  expect(staff.filter((s) => s.includes('/src/portal/'))).toEqual([]);

  const page = await phonePage(journey.browser, journey.server.url);
  const scripts: string[] = [];
  page.on('request', (r) => {
    if (r.resourceType() === 'script') scripts.push(new URL(r.url()).pathname);
  });
  const consoleErrors: string[] = [];
  page.on('console', (msg) => {
    if (msg.type() === 'error') consoleErrors.push(msg.text());
  });
  await page.goto('/portal');
  await page.getByRole('heading', { level: 1 }).waitFor();
  expect(scripts).toContain(`/${m['src/portal/PortalApp.tsx']!.file}`);
  expect(scripts).not.toContain(`/${staffFile}`);
  // Signed out, the page asks nothing that answers 401 (no "Failed to load resource" in the console).
  await page.goto('/portal/guide');
  await page.getByRole('heading', { level: 1 }).waitFor();
  await page.waitForLoadState('networkidle');
  expect(consoleErrors).toEqual([]);
  await page.close();
});

it('every built script and style sheet is served brotli-compressed (gzip for those without), immutable for a year', async () => {
  const assets = fs.readdirSync(path.join(dist, 'assets')).filter((f) => /\.(js|css)$/.test(f));
  expect(assets.length).toBeGreaterThan(3);
  for (const file of assets) {
    const built = fs.readFileSync(path.join(dist, 'assets', file));
    for (const [accept, encoding, decode] of [
      ['gzip, deflate, br, zstd', 'br', zlib.brotliDecompressSync],
      ['gzip', 'gzip', zlib.gunzipSync],
    ] as const) {
      const res = await rawGet(`${journey.server.url}/assets/${file}`, accept);
      expect(res.status, file).toBe(200);
      expect(res.headers['cache-control'], file).toBe('public, max-age=31536000, immutable');
      if (built.length < 1024) continue; // too small to be worth a compressed copy
      expect(res.headers['content-encoding'], `${file} ${accept}`).toBe(encoding);
      expect(decode(res.body).equals(built), `${file} ${accept}`).toBe(true);
    }
  }
  const html = await rawGet(`${journey.server.url}/portal`, 'br');
  expect(html.headers['cache-control']).toBe('no-cache');
});
