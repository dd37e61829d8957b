import { resolve } from 'node:path';
import react from '@vitejs/plugin-react';
import type { Plugin } from 'vite';
import { defineConfig } from 'vitest/config';

const API = process.env.ORBIT_API_URL ?? 'http://127.0.0.1:8000';
const PROXIED = ['/graphql', '/oauth', '/health', '/dev'];

/** In development, deep links under /portal load the portal's page, as in production. */
function portalFallback(): Plugin {
  return {
    name: 'orbit-portal-fallback',
    configureServer(server) {
      server.middlewares.use((req, _res, next) => {
        const path = (req.url ?? '').split('?')[0] ?? '';
        const wantsHtml = (req.headers.accept ?? '').includes('text/html');
        if (
          wantsHtml &&
          (path === '/portal' || path.startsWith('/portal/')) &&
          !path.includes('.')
        ) {
          req.url = '/portal/index.html';
        }
        next();
      });
    },
  };
}

export default defineConfig({
  plugins: [react(), portalFallback()],
  build: {
    outDir: 'dist',
    assetsDir: 'assets',
    chunkSizeWarningLimit: 1500,
    // dist/.vite/manifest.json: which chunks each app loads (bench/frontend_metrics.py reads it).
    manifest: true,
    rollupOptions: {
      input: {
        console: resolve(__dirname, 'index.html'),
        portal: resolve(__dirname, 'portal/index.html'),
      },
    },
  },
  server: {
    host: '127.0.0.1',
    port: 5173,
    proxy: Object.fromEntries(
      PROXIED.map((prefix) => [prefix, { target: API, changeOrigin: false }]),
    ),
  },
  test: {
    environment: 'jsdom',
    include: ['src/**/*.test.{ts,tsx}'],
    // The first antd render in a file builds its styles: seconds on a busy 2-core machine.
    testTimeout: 20_000,
  },
});
