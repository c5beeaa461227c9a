import { defineConfig } from 'vite';
import react from '@vitejs/plugin-react';

/**
 * The web app lives in web/ and is built to dist/web, which the API server serves at /.
 * `npm run dev` runs the API on :8080; `npx vite` serves the web app with /api proxied to it.
 */
export default defineConfig({
  root: 'web',
  plugins: [react()],
  server: {
    proxy: { '/api': { target: 'http://127.0.0.1:8080', changeOrigin: false } },
  },
  build: {
    outDir: '../dist/web',
    emptyOutDir: true,
    // antd's own modules are left to follow the lazy routes, so a resident's phone downloads the
    // sign-in and home pages' components only, never the admin tables and date pickers. The React
    // stack is needed by every page and changes rarely: one long-cached chunk.
    rolldownOptions: {
      output: {
        codeSplitting: {
          groups: [
            { name: 'react', test: /node_modules[\\/](react|react-dom|scheduler|react-router)[\\/]/, priority: 2 },
          ],
        },
      },
    },
    // antd's shared core (theme, css-in-js, Form, Table) is ~600 kB before gzip in the admin chunks.
    chunkSizeWarningLimit: 700,
  },
});
