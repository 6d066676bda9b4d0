import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vite';
import react from '@vitejs/plugin-react';

const root = fileURLToPath(new URL('.', import.meta.url));
/** The repository: the web app imports the isomorphic crypto/ modules (sealing, receipts) by relative path. */
const repository = fileURLToPath(new URL('..', import.meta.url));
const api = 'http://localhost:4000';

/** The web shell: built into web/dist, which the API server serves as static files. */
export default defineConfig({
  root,
  // Absolute asset URLs: the shell uses history routing (/audit, /account …) and the API server
  // answers every unknown GET for HTML with index.html.
  base: '/',
  plugins: [react()],
  build: {
    outDir: 'dist',
    emptyOutDir: true,
    target: 'es2022',
    sourcemap: true,
  },
  server: {
    fs: { allow: [repository] },
    proxy: {
      '/graphql': { target: api, ws: true, changeOrigin: true },
      '/demo': { target: api, changeOrigin: true },
      '/opendata': { target: api, changeOrigin: true },
    },
  },
  preview: {
    proxy: {
      '/graphql': { target: api, ws: true, changeOrigin: true },
      '/demo': { target: api, changeOrigin: true },
      '/opendata': { target: api, changeOrigin: true },
    },
  },
});
