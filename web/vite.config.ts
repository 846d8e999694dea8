import react from '@vitejs/plugin-react';
import { defineConfig } from 'vite';

// One SPA for the staff app (/), the client portal (/portal) and the quick-reply page (/r/:token).
// `npm start` builds it (if needed) and the Parley server serves web/dist.
export default defineConfig({
  plugins: [react()],
  build: { outDir: 'dist', emptyOutDir: true, sourcemap: true },
  server: { proxy: { '/api': { target: 'http://127.0.0.1:3000', ws: true } } },
});
