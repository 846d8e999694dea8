import fs from 'node:fs';
import path from 'node:path';
import zlib from 'node:zlib';
import type { Plugin } from 'vite';

/** What is worth compressing: text. Source maps are left alone (only developer tools fetch them). */
const COMPRESSIBLE = /\.(js|mjs|css|html|svg|json|txt|wasm)$/;
/** Below this a compressed copy saves less than its headers cost. */
const MIN_BYTES = 1024;

/**
 * Writes `<file>.br` (brotli, best quality) and `<file>.gz` (gzip -9) beside each text file the
 * build emits, so the server sends compressed bytes without compressing per request
 * (`server/src/platform/http/web-app.ts`, `preCompressed`). Done once at build time, where the
 * slowest, smallest setting costs nothing at request time.
 */
export function precompress(): Plugin {
  let outDir = 'dist';
  return {
    name: 'parley-precompress',
    apply: 'build',
    configResolved(config) {
      outDir = path.resolve(config.root, config.build.outDir);
    },
    writeBundle: {
      sequential: true,
      order: 'post',
      handler(_options, bundle) {
        for (const fileName of Object.keys(bundle)) {
          if (!COMPRESSIBLE.test(fileName)) continue;
          const file = path.join(outDir, fileName);
          const bytes = fs.readFileSync(file);
          if (bytes.length < MIN_BYTES) continue;
          const br = zlib.brotliCompressSync(bytes, {
            params: {
              [zlib.constants.BROTLI_PARAM_QUALITY]: zlib.constants.BROTLI_MAX_QUALITY,
              [zlib.constants.BROTLI_PARAM_SIZE_HINT]: bytes.length,
            },
          });
          fs.writeFileSync(`${file}.br`, br);
          fs.writeFileSync(`${file}.gz`, zlib.gzipSync(bytes, { level: 9 }));
        }
      },
    },
  };
}
