import react from '@vitejs/plugin-react';
import { defineConfig } from 'vite';

/** A folder next to this file, as a path (Vite sets import.meta.url for its config files). */
const here = (relative: string) => decodeURIComponent(new URL(relative, import.meta.url).pathname);

/**
 * The console's page: `pnpm --filter @commlab/console build` writes it to apps/console/dist/web, which
 * the console server serves. `vite --config web/vite.config.ts` alone (a dev server on :5173) proxies
 * /api and /hooks to a console running on port 8080.
 */
export default defineConfig({
  root: here('.'),
  base: '/',
  plugins: [react()],
  build: {
    outDir: here('../dist/web'),
    emptyOutDir: true,
    target: 'es2022',
    chunkSizeWarningLimit: 1500,
  },
  server: {
    host: '127.0.0.1',
    proxy: { '/api': 'http://127.0.0.1:8080', '/hooks': 'http://127.0.0.1:8080' },
  },
});
