import { defineConfig, defaultClientConditions } from 'vite';
import react from '@vitejs/plugin-react';

const API_ORIGIN = 'http://localhost:8080';
const PROXIED_PATHS = ['/api', '/healthz', '/readyz', '/docs', '/openapi.json', '/.well-known'];

export default defineConfig({
  plugins: [react()],
  resolve: {
    // Resolve @clearinghouse/shared to its TypeScript source, not a separate build.
    conditions: ['@clearinghouse/source', ...defaultClientConditions],
  },
  server: {
    proxy: Object.fromEntries(PROXIED_PATHS.map((path) => [path, { target: API_ORIGIN }])),
  },
  build: {
    outDir: 'dist',
    emptyOutDir: true,
    // Emit every font and icon as a file: the server's CSP need not allow data: URLs.
    assetsInlineLimit: 0,
    rolldownOptions: {
      output: {
        // Libraries change less often than the app: separate chunks stay cached across releases.
        codeSplitting: {
          groups: [
            { name: 'react', test: /node_modules[\\/](react|react-dom|react-router|scheduler)[\\/]/ },
            {
              name: 'uswds',
              test: /node_modules[\\/](@trussworks|focus-trap|focus-trap-react|tabbable)[\\/]/,
            },
            { name: 'vendor', test: /node_modules[\\/]/ },
          ],
        },
      },
    },
  },
});
