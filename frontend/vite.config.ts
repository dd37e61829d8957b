import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import react from '@vitejs/plugin-react';
import { parse } from 'graphql';
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

const GENERATED_DOCUMENTS = resolve(__dirname, 'src/gql/graphql.ts');
const DOCUMENT_MODULE = 'virtual:orbit-document/';
const GRAPHQL_CALL = /\bgraphql\(\s*`([^`]*)`\s*\)/g;

/** The name codegen's client preset gives the document a `graphql(...)` source compiles to. */
function documentName(source: string): string | null {
  const [first] = parse(source).definitions;
  if (first?.kind === 'OperationDefinition' && first.name) return `${first.name.value}Document`;
  if (first?.kind === 'FragmentDefinition') return `${first.name.value}FragmentDoc`;
  return null;
}

/**
 * Each `graphql(...)` call becomes an import of its own document only. Through codegen's
 * `graphql()` every screen would pull the map of all documents (src/gql/gql.ts, hundreds of
 * kB) into the chunk the log-in page loads first; one small module per document lets each
 * document travel with the screen that uses it.
 */
function documentPerModule(): Plugin {
  return {
    name: 'orbit-document-per-module',
    enforce: 'pre',
    transform(code, id) {
      if (!/\/src\/.*\.tsx?$/.test(id) || id.includes('/src/gql/') || !code.includes('graphql(`'))
        return null;
      const imports = new Set<string>();
      const replaced = code.replace(GRAPHQL_CALL, (call, source: string) => {
        const name = documentName(source);
        if (!name) return call;
        imports.add(`import { ${name} as __${name} } from '${DOCUMENT_MODULE}${name}';`);
        return `__${name}`;
      });
      // On the first line, so the lines of the source keep their numbers.
      return imports.size ? { code: `${[...imports].join(' ')} ${replaced}`, map: null } : null;
    },
    resolveId(id) {
      return id.startsWith(DOCUMENT_MODULE) ? `\0${id}` : null;
    },
    load(id) {
      if (!id.startsWith(`\0${DOCUMENT_MODULE}`)) return null;
      const name = id.slice(DOCUMENT_MODULE.length + 1);
      this.addWatchFile(GENERATED_DOCUMENTS);
      const declaration = readFileSync(GENERATED_DOCUMENTS, 'utf8')
        .split('\n')
        .find((line) => line.startsWith(`export const ${name} = `));
      if (!declaration) this.error(`${name} is not in src/gql/graphql.ts: run npm run codegen`);
      return declaration.replace(/ as unknown as DocumentNode<.*>;$/, ';');
    },
  };
}

export default defineConfig({
  plugins: [documentPerModule(), react(), portalFallback()],
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
        graphiql: resolve(__dirname, 'graphiql.html'),
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
