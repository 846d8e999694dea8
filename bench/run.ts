/**
 * `npm run bench -- <name> [...]`: runs bench/<name>.ts. Each benchmark measures a baseline in the
 * same run and prints every figure as a ratio to it (the machine is shared and noisy), then writes
 * bench/results/<name>-<timestamp>.json and bench/results/<name>-latest.json.
 */
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const here = path.dirname(fileURLToPath(import.meta.url));
const names = process.argv.slice(2).filter((a) => !a.startsWith('-'));
if (names.length === 0) {
  process.stderr.write('usage: npm run bench -- <name> (e.g. upload, messaging, sharing)\n');
  process.exit(2);
}
for (const name of names) {
  if (!/^[a-z0-9-]+$/.test(name)) throw new Error(`bad benchmark name: ${name}`);
  const mod = (await import(path.join(here, `${name}.ts`))) as { run: () => Promise<void> };
  await mod.run();
}
