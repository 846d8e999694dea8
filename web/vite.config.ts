import react from '@vitejs/plugin-react';
import { defineConfig, type Plugin } from 'vite';
import { precompress } from './precompress';

/**
 * The web app takes its API types from `@parley/contracts` with `import type` (erased), so zod and
 * the schemas never reach the bundle. Importing a value from the contracts' index would pull them
 * all in: this stops the build instead. Plain values live in `@parley/contracts/constants` and `/brand`.
 */
function noSchemasInBundle(): Plugin {
  return {
    name: 'parley-no-schemas-in-bundle',
    enforce: 'pre',
    load(id) {
      if (
        /[\\/]node_modules[\\/]zod[\\/]/.test(id) ||
        /[\\/]contracts[\\/]src[\\/](?!(constants|brand)\.ts)/.test(id)
      ) {
        this.error(
          `${id} would be bundled: import API types with \`import type\` and plain values from '@parley/contracts/constants'.`,
        );
      }
      return null;
    },
  };
}

// One SPA for the staff app (/), the client portal (/portal) and the quick-reply page (/r/:token).
// `npm start` builds it (if needed) and the Parley server serves web/dist.
export default defineConfig({
  plugins: [noSchemasInBundle(), react(), precompress()],
  // The manifest names each entry's chunks: e2e/bundle.e2e.ts checks the portal loads no staff code.
  build: { outDir: 'dist', emptyOutDir: true, sourcemap: true, manifest: true },
  server: { proxy: { '/api': { target: 'http://127.0.0.1:3000', ws: true } } },
});
