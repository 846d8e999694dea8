import { execFileSync } from 'node:child_process';
import path from 'node:path';

/** The journeys drive the built web app that the server serves: build it if stale. */
export default function setup() {
  execFileSync(process.execPath, [path.resolve(import.meta.dirname, '../../scripts/ensure-web-build.mjs')], {
    stdio: 'inherit',
  });
}
