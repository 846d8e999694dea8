import fs from 'node:fs';
import path from 'node:path';

/** Which app (a lazily loaded chunk of `web/src/main.tsx`) answers which addresses. */
const APPS = [
  { prefix: '/portal', source: 'src/portal/PortalApp.tsx' },
  { prefix: '/r/', source: 'src/portal/quick/QuickReply.tsx' },
  { prefix: '/', source: 'src/staff/StaffApp.tsx' },
] as const;

interface ManifestChunk {
  file: string;
  isEntry?: boolean;
  imports?: string[];
  css?: string[];
}

/**
 * index.html once per app, with `<link rel="modulepreload">` (and a style preload) for the chunks
 * that app imports at once, read from the build's manifest (`web/dist/.vite/manifest.json`): the
 * browser fetches them beside the entry chunk instead of only once the entry has run and asked for
 * them, a round trip less on a phone. Without a manifest (or an app in it) the page is the plain one.
 */
export function pagesWithPreloads(distDir: string, html: Buffer): (url: string) => Buffer {
  const manifestFile = path.join(distDir, '.vite', 'manifest.json');
  if (!fs.existsSync(manifestFile)) return () => html;
  const manifest = JSON.parse(fs.readFileSync(manifestFile, 'utf8')) as Record<string, ManifestChunk>;
  const entry = Object.keys(manifest).find((k) => manifest[k]!.isEntry);
  const pages = APPS.map((app) => ({
    prefix: app.prefix,
    html: withPreloads(manifest, entry, app.source, html),
  }));
  return (url) => pages.find((p) => answers(p.prefix, url))?.html ?? html;
}

const answers = (prefix: string, url: string) =>
  prefix.endsWith('/') ? url.startsWith(prefix) : url === prefix || url.startsWith(`${prefix}/`);

function withPreloads(
  manifest: Record<string, ManifestChunk>,
  entry: string | undefined,
  source: string,
  html: Buffer,
): Buffer {
  if (!manifest[source]) return html;
  const seen = new Set<string>(entry ? [entry] : []);
  const chunks: ManifestChunk[] = [];
  const visit = (key: string) => {
    if (seen.has(key) || !manifest[key]) return;
    seen.add(key);
    chunks.push(manifest[key]);
    for (const k of manifest[key].imports ?? []) visit(k);
  };
  visit(source);
  const links = chunks.flatMap((c) => [
    `<link rel="modulepreload" crossorigin href="/${c.file}">`,
    ...(c.css ?? []).map((css) => `<link rel="preload" as="style" crossorigin href="/${css}">`),
  ]);
  const text = html.toString('utf8');
  if (!text.includes('</head>')) return html;
  return Buffer.from(text.replace('</head>', `    ${links.join('\n    ')}\n  </head>`));
}
