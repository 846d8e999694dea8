// `npm start` runs this first: builds the web app when web/dist is missing or older than its sources.
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const web = path.join(root, 'web');
const built = path.join(web, 'dist', 'index.html');

function newest(dir) {
  let latest = 0;
  for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
    const full = path.join(dir, entry.name);
    latest = Math.max(latest, entry.isDirectory() ? newest(full) : fs.statSync(full).mtimeMs);
  }
  return latest;
}

const sources = Math.max(
  newest(path.join(web, 'src')),
  newest(path.join(web, 'public')),
  // The contracts' constants are bundled (their types are erased, but a change may still matter).
  newest(path.join(root, 'contracts', 'src')),
  ...['index.html', 'vite.config.ts', 'precompress.ts', 'package.json'].map(
    (f) => fs.statSync(path.join(web, f)).mtimeMs,
  ),
);
if (!fs.existsSync(built) || fs.statSync(built).mtimeMs < sources) {
  process.stdout.write('Building the web app (web/dist)…\n');
  // Always the production bundle: a NODE_ENV of the caller (vitest's `test` for the e2e journeys, a
  // `development` trial) would otherwise give React's development build, which is not what ships.
  execFileSync('npm', ['run', 'build', '-w', 'web', '--silent'], {
    cwd: root,
    stdio: 'inherit',
    env: { ...process.env, NODE_ENV: 'production' },
  });
}
